"""Spiders: ``product`` crawls the active listings of the pricing store."""
