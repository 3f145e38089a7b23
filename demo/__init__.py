"""The demo school and its festivals, seeded by ``manage.py seed_demo``, split by layer.

``data`` holds what the people and the works are called (Chinese, as in the schools' plans), ``pictures``
draws the works; ``schools``, ``competitions``, ``submissions`` and ``awards`` seed one app layer each,
through that layer's services, and the command calls them in that order. This package sits above every
app: it may import any of them, and none of them imports it.
"""
