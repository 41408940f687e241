"""Domain operations of the marketplace, shared by the web pages and the REST API."""
