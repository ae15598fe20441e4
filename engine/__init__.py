"""The dossier core: models, workflow runtime, dossier services, audit and file storage (no Flask)."""
