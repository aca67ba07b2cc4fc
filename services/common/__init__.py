"""What every service shares. Nothing here opens a connection at import time."""
