"""``reqspec generate``: write (or check) the files generated from a spec.

In a source checkout, with no option, it rewrites the committed files of the built-in spec. With
``--out DIR`` it writes every file of a spec (``--spec``, or the built-in one) into DIR, which is
also what works in an installed reqspec, where the package's own files are not rewritten.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import bundled, exit_codes


def run_generate(args: argparse.Namespace) -> int:
    from . import generate
    from .spec.checker import SpecError
    from .spec.loader import load_spec

    try:
        if args.spec or args.out:
            spec_path = Path(args.spec) if args.spec else bundled.spec_path()
            if spec_path is None:
                print("reqspec generate: this installation has no bundled spec; give --spec SPEC.yaml",
                      file=sys.stderr)
                return exit_codes.USAGE
            if not args.out:
                print("reqspec generate: --spec goes with --out DIR, the folder to write into", file=sys.stderr)
                return exit_codes.USAGE
            spec = load_spec(spec_path)
            places = generate.user_places(spec, spec_path, Path(args.out))
            outcomes = generate.run(generate.artifacts(spec, places), spec, check=args.check)
        elif not bundled.is_checkout():
            print("reqspec generate: an installed reqspec does not rewrite its own files; give --out DIR "
                  "(and --spec SPEC.yaml for a spec of your own)", file=sys.stderr)
            return exit_codes.USAGE
        else:
            outcomes = generate.generate_builtin(check=args.check)
    except SpecError as exc:
        print(f"reqspec generate: {exc}", file=sys.stderr)
        return exit_codes.USAGE
    except ImportError as exc:
        print(f"reqspec generate: needs PyYAML to read the spec ({exc}); pip install 'reqspec[yaml]'",
              file=sys.stderr)
        return exit_codes.USAGE
    except OSError as exc:
        print(f"reqspec generate: cannot write: {exc}", file=sys.stderr)
        return exit_codes.USAGE
    stale = [o for o in outcomes if o.changed]
    if args.check:
        for o in stale:
            print(f"stale: {o.path} (run: python -m reqspec generate)", file=sys.stderr)
        if not stale:
            print(f"{len(outcomes)} generated file(s) up to date")
        return exit_codes.FINDINGS if stale else exit_codes.OK
    for o in outcomes:
        print(f"{'wrote' if o.changed else 'unchanged'}: {o.path}")
    return exit_codes.OK
