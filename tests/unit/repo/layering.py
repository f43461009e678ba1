#!/usr/bin/env python3
"""The host's libraries form the layers of docs/architecture.md, and nothing else.

Every `#include "<dir>/..."` of a file under host/<dir>/ and every tb_* library a host
CMakeLists.txt links is an edge between two units. A unit is a host directory (host/modes/<mode>
counts as its own), except host/modes/KeyStore.hpp and host/modes/DataStore.hpp: the header-only
interfaces the stores implement and the router uses, a unit of their own below both. The test fails on any edge the table
below does not allow, so a new dependency is a decision written here, and the table itself must
have no cycle.

usage: layering.py REPO
"""
import os
import re
import sys

# unit -> the units it may use (directly). Lowest layers first.
ALLOWED = {
    'core': set(),
    'security': {'core'},
    'protocol': {'core', 'security'},
    'pcsc': {'core'},
    'crypto': {'core'},
    'devices': {'core', 'pcsc'},
    'fkn': {'core', 'crypto'},
    'net': {'core'},
    'auth': {'core', 'crypto', 'net'},
    'cades': {'core', 'crypto', 'net', 'auth'},
    'modes/KeyStore': {'core', 'crypto'},
    'modes/passive': {'core', 'crypto', 'devices', 'pcsc', 'security', 'modes/KeyStore'},
    'modes/active': {'core', 'crypto', 'security', 'modes/KeyStore'},
    'modes/fkn': {'core', 'crypto', 'fkn', 'security', 'modes/KeyStore'},
    'modes': {'core', 'crypto', 'devices', 'pcsc', 'security', 'modes/KeyStore',
              'modes/passive', 'modes/active', 'modes/fkn'},
    'commands': {'core', 'crypto', 'devices', 'security', 'protocol', 'modes', 'modes/KeyStore',
                 'modes/fkn', 'auth', 'net', 'cades'},
    'app': {'core', 'devices', 'security', 'protocol', 'modes', 'modes/active', 'commands', 'auth',
            'net'},
}

# The library each unit builds (CMake target), for the link edges.
LIBRARIES = {
    'tb_core': 'core', 'tb_security': 'security', 'tb_protocol': 'protocol', 'tb_pcsc': 'pcsc',
    'tb_crypto': 'crypto', 'tb_devices': 'devices', 'tb_fkn': 'fkn', 'tb_passive': 'modes/passive',
    'tb_active': 'modes/active', 'tb_fkn_store': 'modes/fkn', 'tb_modes': 'modes',
    'tb_commands': 'commands', 'tb_auth': 'auth', 'tb_net': 'net', 'tb_cades': 'cades',
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z]+)/(?:([a-z]+)/)?([A-Za-z]+)\.hpp"', re.M)


def unit_of_file(relative):
    parts = relative.split('/')
    if parts[0] == 'modes' and len(parts) > 2:
        return 'modes/' + parts[1]
    if relative in ('modes/KeyStore.hpp', 'modes/DataStore.hpp'):
        return 'modes/KeyStore'
    return parts[0]


def unit_of_include(first, second, name):
    if first == 'modes':
        if second:
            return 'modes/' + second
        if name in ('KeyStore', 'DataStore'):
            return 'modes/KeyStore'
    return first


def cyclic(graph):
    state = {}

    def visit(node, path):
        state[node] = 'open'
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 'open':
                return path + [node, target]
            if target not in state:
                found = visit(target, path + [node])
                if found:
                    return found
        state[node] = 'done'
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def main():
    host = os.path.join(sys.argv[1], 'host')
    problems = []
    seen = set()
    for root, _, files in os.walk(host):
        for name in sorted(files):
            path = os.path.join(root, name)
            relative = os.path.relpath(path, host)
            unit = unit_of_file(relative)
            if unit not in ALLOWED and name != 'CMakeLists.txt':
                problems.append(f'{relative}: host/{unit} is not a layer of the table (add it)')
                continue
            text = open(path, encoding='utf-8').read()
            if name.endswith(('.cpp', '.hpp', '.in')):
                for match in INCLUDE.finditer(text):
                    target = unit_of_include(*match.groups())
                    if target != unit and target in ALLOWED:
                        seen.add((unit, target))
                        if target not in ALLOWED[unit]:
                            problems.append(f'{relative}: includes {match.group(0).strip()}'
                                            f' (host/{unit} may not use host/{target})')
            elif name == 'CMakeLists.txt' and unit in ALLOWED:
                code = re.sub(r'#.*', '', text)  # comments name libraries too
                for library in re.findall(r'\btb_[a-z_]+\b', code):
                    target = LIBRARIES.get(library)
                    if target and target != unit and target not in ALLOWED[unit]:
                        problems.append(f'{relative}: links {library} (host/{unit} may not use'
                                        f' host/{target})')
    loop = cyclic(ALLOWED)
    if loop:
        problems.append('the allowed layers have a cycle: ' + ' -> '.join(loop))
    for problem in problems:
        print(problem)
    print(f'layering: {len(seen)} dependencies between {len(ALLOWED)} units checked, '
          f'{len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
