"""Everything outbound: WeChat API client, token cache, job queue and worker."""
