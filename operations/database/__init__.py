"""PostgreSQL with a circuit breaker: `ENGINE = "operations.database"` (production settings, see base.py here)."""
