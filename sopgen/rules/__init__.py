"""Pure parse/validate rules, one module per hard field."""
