#!/usr/bin/env python3
"""Cuts the part of Allegro's OpenAPI description that ListingPs uses out of the whole file, as text.

    python3 tools/extract-allegro-openapi-subset.py SOURCE.yaml "ORIGIN LINE" ["ORIGIN LINE"...] > tests/AllegroFake/openapi/allegro-public-subset.yaml

The origin lines (where SOURCE.yaml came from: repository, path, commit, date) go into the header comment.

The blocks are copied line for line (nothing is parsed and written again, so every description, example and comment
stays as Allegro wrote it): openapi, info, servers, security, the operations below with their path-level parameters,
the security schemes, and every component they reference, followed transitively. The standard library only.
"""
import re
import sys

# The operations ListingPs uses or will use: path -> methods.
OPERATIONS = {
    "/me": ["get"],
    "/sale/shipping-rates": ["get"],
    "/sale/shipping-rates/{id}": ["get"],
    "/sale/delivery-methods": ["get"],
    "/sale/offers": ["get"],
    "/sale/product-offers/{offerId}": ["get", "patch"],
    "/sale/product-offers/{offerId}/operations/{operationId}": ["get"],
    "/sale/offer-price-change-commands/{commandId}": ["put", "get"],
    "/sale/offer-price-change-commands/{commandId}/tasks": ["get"],
    "/sale/offer-price-automation-commands": ["post"],
    "/sale/offer-price-automation-commands/{commandId}": ["get"],
    "/sale/offer-price-automation-commands/{commandId}/tasks": ["get"],
    "/sale/price-automation/rules": ["get"],
    "/sale/offer-events": ["get"],
}

REF = re.compile(r"""\$ref:\s*['"]?#/components/([A-Za-z]+)/([^'"\s}]+)""")
# A discriminator's mapping names its schemas without $ref (FIXED_PRICE: '#/components/schemas/PriceModificationFixedPrice').
MAPPING = re.compile(r"""^\s+[A-Za-z0-9_.-]+:\s*['"]#/components/([A-Za-z]+)/([^'"\s}]+)['"]\s*$""")


def indent(line):
    return len(line) - len(line.lstrip(" "))


def end_of_block(lines, start):
    """The index after the block that starts at lines[start] (its deeper-indented lines, blank lines and comments)."""
    own = indent(lines[start])
    end = start + 1
    while end < len(lines):
        s = lines[end].strip()
        if s and not s.startswith("#") and indent(lines[end]) <= own:
            break
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def children(lines, start, end, depth):
    """name -> (start, end) of the keys at the given indentation inside lines[start:end]."""
    found = {}
    key = re.compile(r"^ {%d}('?[^\s'#][^:']*'?):(\s|$)" % depth)
    i = start
    while i < end:
        m = key.match(lines[i])
        if m:
            e = end_of_block(lines, i)
            found[m.group(1).strip("'")] = (i, e)
            i = e
        else:
            i += 1
    return found


def main():
    source, origin = sys.argv[1], sys.argv[2:]
    with open(source, encoding="utf-8") as f:
        lines = f.read().splitlines(keepends=True)
    lines = [l if l.endswith("\n") else l + "\n" for l in lines]
    top = children(lines, 0, len(lines), 0)
    out = []

    def copy(span):
        out.extend(lines[span[0]:span[1]])

    refs = set()

    def collect(span):
        for l in lines[span[0]:span[1]]:
            for m in REF.finditer(l):
                refs.add((m.group(1), m.group(2)))
            m = MAPPING.match(l)
            if m:
                refs.add((m.group(1), m.group(2)))

    paths = children(lines, *top["paths"], 2)
    missing = []
    picked = []
    for path, methods in OPERATIONS.items():
        if path not in paths:
            missing.append(path)
            continue
        item = children(lines, paths[path][0] + 1, paths[path][1], 4)
        keep = [k for k in item if k == "parameters" or k in methods]
        for m in methods:
            if m not in item:
                missing.append(m.upper() + " " + path)
        picked.append((paths[path][0], path, [item[k] for k in keep]))
        for k in keep:
            collect(item[k])

    components = children(lines, *top["components"], 2)
    sections = {name: children(lines, span[0] + 1, span[1], 4) for name, span in components.items()}
    done = set()
    todo = list(refs)
    while todo:
        r = todo.pop()
        if r in done:
            continue
        done.add(r)
        section, name = r
        if section not in sections or name not in sections[section]:
            sys.exit("unresolved reference #/components/%s/%s" % r)
        before = set(refs)
        collect(sections[section][name])
        todo.extend(refs - before)

    out.append("# The part of Allegro's public REST API description (OpenAPI 3.0) that ListingPs uses: copied line for line,\n")
    out.append("# not edited, by tools/extract-allegro-openapi-subset.py from\n")
    out.extend("#   %s\n" % o for o in origin)
    out.append("# The operations, their path-level parameters and every component they reference (transitively) are kept;\n")
    out.append("# the rest of the file is left out. The OAuth endpoints (device flow, token) are not in Allegro's file: they are\n")
    out.append("# described by hand in allegro-auth.handwritten.yaml beside this file.\n")
    out.append("# The tests (tests/ListingPs.Core.Tests/Allegro/ContractTests.cs) check every request the engine sends to the fake\n")
    out.append("# and every answer the fake gives against it. Cut again with the tool to follow a newer copy of Allegro's file.\n")
    for key in ("openapi", "info", "servers", "security"):
        copy(top[key])
    out.append("paths:\n")
    for _, path, spans in sorted(picked):
        out.append(lines[paths[path][0]])
        for span in sorted(spans):
            copy(span)
    out.append("components:\n")
    for section, span in sorted(components.items(), key=lambda kv: kv[1]):
        if section == "securitySchemes":
            copy(span)
            continue
        wanted = sorted(sections[section][n] for s, n in done if s == section)
        if wanted:
            out.append(lines[span[0]])
            for w in wanted:
                copy(w)
    sys.stdout.write("".join(out))
    for m in missing:
        sys.stderr.write("not in the source: %s\n" % m)
    sys.stderr.write("%d operations' paths, %d components\n" % (len(picked), len(done)))


if __name__ == "__main__":
    main()
