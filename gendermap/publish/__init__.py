"""Publication outside the app: maps for other web sites, visual and audio series.

Why a package of its own: an association puts a map on its site, a municipality posts
a card, a radio plays a sentence -- all views of the same build tables the app shows.
Text (sentences, Turkish number words) is built by pure modules (:mod:`.sentences`,
:mod:`.numwords`) apart from rendering (:mod:`.embed` HTML, :mod:`.cards` PNG,
:mod:`.audio` speech), so a sentence is tested once and read, drawn and spoken alike.
"""

from gendermap.publish.areas import Area, PublishError, find_area

__all__ = ["Area", "PublishError", "find_area"]
