from shared import docs


def test_cli_reference_is_current() -> None:
    assert docs.CLI_DOC.read_text(encoding="utf-8") == docs.cli_reference(), (
        "docs/cli.md is stale: run 'python -m shared.docs'"
    )
