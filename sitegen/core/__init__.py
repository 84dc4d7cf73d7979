"""What every stage shares, and nothing about sites: the error family that carries a user's
mistake to the command line (errors), the one gate that decides which files may be read and
written (paths), every input limit with its number (limits), YAML read with those limits
(safeyaml), invisible characters cleaned or named (characters), cache files written whole
(files), pages shared among worker processes (workers), and sitegen's own messages in
Indonesian and English through gettext (messages).

May use: nothing.
"""
