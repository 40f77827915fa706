"""vcf-sim against VMware's own Python bindings of the SDDC Manager 9.1 API."""
