"""Domain operations of the marketplace, kept out of views so the web pages and the API share them."""
