from tests.integration.engine.conftest import desk  # noqa: F401 - the same demo desk
