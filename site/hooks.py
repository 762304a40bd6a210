# mkdocs hooks of the catalogue site: the code lives in the harvester.publish package.
from harvester.publish.mkdocs_hooks import on_page_content  # noqa: F401
