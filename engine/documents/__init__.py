"""Official documents: PDF signatures, certificates, the signed decision."""
