"""Security incidents and ceasefire violations."""
