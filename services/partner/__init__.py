"""Partner: applications, client links, thresholds, cashback, directory (PA1-PA15)."""
