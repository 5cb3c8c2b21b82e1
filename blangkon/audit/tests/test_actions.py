"""Every action code the code base writes has a sentence (blangkon/audit/actions.py).

The codes are collected from the source, not from a list kept by hand:
- every string literal given as `action=` to any call (audit_record and the
  helpers that pass a code on to it, such as `login_succeeded`), including
  both branches of `"a" if x else "b"`;
- every `<machine>.<status>` code `transition()` writes, from the registered
  state machines' tables.
An `action=` given to audit_record in any other shape (a variable, an
f-string) must be one of the known forwarding places below, so a new way of
writing codes cannot slip past the scan.
"""

import ast
import re
from pathlib import Path

from blangkon.audit.actions import ACTIONS, KINDS, action_codes_of_kind
from blangkon.lifecycles.machine import registered_machines

BLANGKON = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")
AUDIT_WRITERS = frozenset({"audit_record", "audit_record_many"})
# Files where audit_record receives a code that is not a literal, and why.
FORWARDERS = {
    "lifecycles/machine.py": "f'{machine.name}.{to}': the machines' codes, collected below",
    "accounts/authentication.py": "login_succeeded(action=...): its callers pass literals",
    "documents/services.py": "_store(action=...): its callers pass literals",
    "orders/negotiation_services.py": "_audit(action=...): its callers pass literals",
}


def _sources() -> list[tuple[str, ast.Module]]:
    modules = []
    for path in sorted(BLANGKON.rglob("*.py")):
        inside = path.relative_to(BLANGKON).parts
        if "tests" in inside or "migrations" in inside:
            continue
        modules.append(("/".join(inside), ast.parse(path.read_text(), filename=str(path))))
    return modules


def _literals(node: ast.expr) -> list[str] | None:
    """The codes an `action=` expression can be, or None when it is not literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def written_codes() -> tuple[set[str], list[str]]:
    """The literal codes in the source, and the non-literal audit writes found
    outside the known forwarders."""
    codes: set[str] = set()
    unexplained: list[str] = []
    for where, module in _sources():
        for node in ast.walk(module):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg != "action":
                    continue
                literal = _literals(keyword.value)
                if literal is not None:
                    codes.update(code for code in literal if CODE.match(code))
                elif _callee(node) in AUDIT_WRITERS and where not in FORWARDERS:
                    unexplained.append(f"{where}:{node.lineno}")
    return codes, unexplained


def machine_codes() -> set[str]:
    codes: set[str] = set()
    for machine in registered_machines():
        statuses = set(machine.initial).union(*machine.allowed.values())
        codes.update(f"{machine.name}.{status}" for status in statuses)
    return codes


def test_the_scan_finds_the_codes_of_every_app() -> None:
    """The scan itself works: it sees codes from each app that writes them."""
    codes, _unexplained = written_codes()
    for code in (
        "auth.login",
        "auth.login_link",
        "user.activate",
        "user.deactivate",
        "vendor.register",
        "product.create",
        "bulk_upload.create",
        "search.synonym_saved",
        "document.read",
        "document.upload",
        "api_token.issue",
        "pemda.set_joined",
        "training.create",
        "audit.export",
    ):
        assert code in codes
    assert "product.tayang" in machine_codes()
    assert "vendor.suspended" in machine_codes()


def test_every_action_code_written_has_a_sentence() -> None:
    codes, unexplained = written_codes()
    assert not unexplained, (
        "audit_record() is given an action code that is not a string literal at "
        f"{unexplained}: pass a literal, or list the file in FORWARDERS with why"
    )
    missing = sorted((codes | machine_codes()) - set(ACTIONS))
    assert not missing, (
        f"Action codes without a sentence: {missing}; add them to blangkon/audit/actions.py"
    )


def test_every_sentence_names_its_placeholders_only() -> None:
    for entry in ACTIONS.values():
        for sentence in (entry.sentence, *(variant for _key, variant in entry.variants)):
            text = str(sentence)
            assert set(re.findall(r"%\((\w+)\)s", text)) <= {"actor", "object"}, entry.code
            assert text % {"actor": "A", "object": "B"}


def test_every_kind_has_actions() -> None:
    for kind in KINDS:
        assert action_codes_of_kind(kind.code), kind.code
