//! HTTPS: a CA generated at start-up and a server certificate it signs.
//!
//! Clients trust the CA (`RunningSim::ca_pem`, `--ca-out`) rather than the server certificate
//! itself, as they would with a real SDDC Manager whose certificate an internal CA issued.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::SimError;

/// Names the server certificate is valid for.
const SERVER_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// What the server needs to speak TLS, and what clients need to trust it.
pub(crate) struct TlsMaterial {
    pub(crate) ca_pem: String,
    pub(crate) server_config: Arc<rustls::ServerConfig>,
}

fn certificate_error(error: rcgen::Error) -> SimError {
    SimError::Tls(format!("cannot generate the certificates: {error}"))
}

/// Generates a fresh CA and a server certificate for localhost/127.0.0.1/::1.
pub(crate) fn generate() -> Result<TlsMaterial, SimError> {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(certificate_error)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "vcf-sim test CA");
    ca_params
        .distinguished_name
        .push(DnType::OrganizationName, "vcf-sim");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_key = KeyPair::generate().map_err(certificate_error)?;
    let ca_certificate = ca_params.self_signed(&ca_key).map_err(certificate_error)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let mut server_params = CertificateParams::new(SERVER_NAMES.map(String::from).to_vec())
        .map_err(certificate_error)?;
    server_params
        .distinguished_name
        .push(DnType::CommonName, "sddc-manager.vcf.sim");
    server_params.use_authority_key_identifier_extension = true;
    server_params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_key = KeyPair::generate().map_err(certificate_error)?;
    let server_certificate = server_params
        .signed_by(&server_key, &issuer)
        .map_err(certificate_error)?;

    // Install the `ring` provider explicitly: the process-wide default may be unset or be
    // another provider, and this crate must not depend on either.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut server_config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| SimError::Tls(format!("cannot configure TLS: {error}")))?
        .with_no_client_auth()
        .with_single_cert(
            vec![
                server_certificate.der().clone(),
                ca_certificate.der().clone(),
            ],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        )
        .map_err(|error| SimError::Tls(format!("cannot use the server certificate: {error}")))?;
    // HTTP/1.1 only: connection resets and request logging are defined per connection.
    server_config.alpn_protocols = vec![b"http/1.1".to_vec()];

    Ok(TlsMaterial {
        ca_pem: ca_certificate.pem(),
        server_config: Arc::new(server_config),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ca_is_pem_and_the_server_speaks_http1() {
        let material = generate().unwrap();
        assert!(material.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert_eq!(
            material.server_config.alpn_protocols,
            [b"http/1.1".to_vec()]
        );
    }
}
