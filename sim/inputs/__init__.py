"""Validated input records that sit beside seeds/: outside evidence and dated inputs."""
