"""Publishing a finished reel to the creator's accounts through each platform's official API.

Owns the platform clients (YouTube, Instagram, TikTok, LinkedIn, Threads, Facebook), the local
outbox (the offline default), export packages for platforms without a publishing API (Fanbase,
Spill), per-platform caption/title adaptation, pre-checks, OAuth token refresh and in-memory rate
limiters. Everything here is database-free: a client takes a `ReelUpload`, a `TokenProvider` and
the last saved `UploadSession`, and reports every step through `on_session` so the durable
publishing process (which owns `Post`/`PublisherTask` rows) can persist it and resume the same
platform session after a crash instead of uploading twice.
"""
