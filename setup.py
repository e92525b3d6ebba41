"""The wheel carries the demo shop: `knowledge/` and `prompts/` stay at the top of the
repository, where a shop edits them, and are copied into the built package as
`draftdesk/demo_shop/` (`draftdesk.config.shop_data_dir` finds them there). Everything
else is declared in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHOP_FOLDERS = ("knowledge", "prompts")


class BuildWithShopData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the folders in the checkout
            return
        bundle = Path(self.build_lib, "draftdesk", "demo_shop")
        shutil.rmtree(bundle, ignore_errors=True)  # a build folder left from an earlier build may hold deleted files
        for folder in SHOP_FOLDERS:
            self.copy_tree(folder, str(bundle / folder))


setup(cmdclass={"build_py": BuildWithShopData})
