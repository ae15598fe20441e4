"""The SpiffWorkflow runtime: deployed definitions, restricted scripts, the injected clock, persistence."""
