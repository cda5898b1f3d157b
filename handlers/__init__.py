"""Capabilities: plain business logic over storage and the HIS interface."""
