"""Systems that call the REST API: their keys, scopes and what they may read and submit."""
