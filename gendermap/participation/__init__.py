"""Participation: comments on map views, their moderation, feedback meetings, and
workshops (çalıştay) where participants choose the focus-district criteria together.

Pure aggregation (:mod:`~gendermap.participation.allocations`,
:mod:`~gendermap.participation.workshop`) is kept apart from the store, which lives in the
monitoring database so accounts, roles and migrations are shared.
"""
