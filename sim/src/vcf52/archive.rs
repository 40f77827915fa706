//! A `.tar.gz` of a few files, as `exportHealthCheckByID` downloads: a ustar archive in a gzip
//! member whose deflate stream uses stored (uncompressed) blocks only. Any gzip reader takes
//! it; the simulator needs no compression library for it.

/// The CRC-32 (IEEE, as gzip uses) of `bytes`.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// `data` as a gzip member with stored deflate blocks.
pub(crate) fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut chunks = data.chunks(usize::from(u16::MAX)).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        out.push(u8::from(chunks.peek().is_none()));
        let length = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    // ISIZE: the length modulo 2^32.
    let size = (data.len() as u64 & u64::from(u32::MAX)) as u32;
    out.extend_from_slice(&size.to_le_bytes());
    out
}

/// An octal field of a tar header: `width - 1` digits and a NUL.
fn octal(field: &mut [u8], value: u64) {
    let width = field.len() - 1;
    let text = format!("{value:0width$o}");
    let start = text.len().saturating_sub(width);
    field[..width].copy_from_slice(&text.as_bytes()[start..]);
    field[width] = 0;
}

/// A ustar archive of regular files (`path`, contents); paths must fit 100 bytes.
pub(crate) fn tar(files: &[(String, Vec<u8>)], mtime: u64) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, contents) in files {
        let mut header = [0u8; 512];
        let name = path.as_bytes();
        let length = name.len().min(100);
        header[..length].copy_from_slice(&name[..length]);
        octal(&mut header[100..108], 0o644);
        octal(&mut header[108..116], 0);
        octal(&mut header[116..124], 0);
        octal(&mut header[124..136], contents.len() as u64);
        octal(&mut header[136..148], mtime);
        header[148..156].copy_from_slice(b"        ");
        header[156] = b'0';
        header[257..263].copy_from_slice(b"ustar\0");
        header[263..265].copy_from_slice(b"00");
        let sum: u32 = header.iter().map(|byte| u32::from(*byte)).sum();
        let text = format!("{sum:06o}\0 ");
        header[148..156].copy_from_slice(text.as_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(contents);
        let padding = (512 - contents.len() % 512) % 512;
        out.extend(std::iter::repeat_n(0u8, padding));
    }
    out.extend(std::iter::repeat_n(0u8, 1024));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn a_gzip_of_stored_blocks_frames_every_chunk() {
        let data = vec![7u8; 70_000];
        let gz = gzip_stored(&data);
        assert_eq!(&gz[..3], &[0x1f, 0x8b, 8]);
        // Two blocks: 65535 bytes (not final), then 4465 (final).
        assert_eq!(gz[10], 0);
        assert_eq!(gz[10 + 5 + 65_535], 1);
        assert_eq!(gz.len(), 10 + 5 + 65_535 + 5 + 4_465 + 8);
    }

    #[test]
    fn tar_headers_are_ustar_with_a_valid_checksum() {
        let archive = tar(&[(String::from("a/b.json"), b"{}".to_vec())], 0);
        assert_eq!(archive.len(), 512 + 512 + 1024);
        assert_eq!(&archive[..8], b"a/b.json");
        assert_eq!(&archive[257..262], b"ustar");
        let mut copy = archive[..512].to_vec();
        copy[148..156].copy_from_slice(b"        ");
        let sum: u32 = copy.iter().map(|byte| u32::from(*byte)).sum();
        let written = std::str::from_utf8(&archive[148..154]).unwrap();
        assert_eq!(u32::from_str_radix(written, 8).unwrap(), sum);
    }
}
