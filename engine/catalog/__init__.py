"""The procedure catalog (thủ tục): procedures and their versions, the organisation, fees."""
