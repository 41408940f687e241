"""Database-specific ways of reading old values and writing new ones in one go."""
