"""The change feeds (Atom): every published change, and those about one assistant."""
from web.feeds import AssistantChangeFeed, ChangeFeed
from web.pages.common import public_page

change_feed = public_page(ChangeFeed())
assistant_change_feed = public_page(AssistantChangeFeed())
