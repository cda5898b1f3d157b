"""hospital-bot: the service behind a hospital's WeChat Official Account."""
