"""Children missing out on education: an LA warehouse and reporting stack."""
