#!/usr/bin/python3
"""repo.deps_cover_commands: every external command that the repository's scripts, tests, benchmarks,
demo, installer and CMake files run is declared in scripts/deps.sh (its COMMANDS table), so that
scripts/deps.sh on a fresh Debian 12 machine installs everything they need.

    deps_cover_commands.py [--list] [REPO]

Extraction (static, from the files' text):
  shell   the first word of every simple command, pipeline segment, $(...), <(...), trap and eval
          string, `bash -c` / `sh -c` string, and the command behind wrappers (env, timeout, flock,
          xargs, nice, exec, command, /usr/bin/time, `cmake -E env`, our scripts' `-- COMMAND`,
          an array expanded as a command such as "${LOCK[@]}"); `command -v X`; the interpreter
          of a shebang. Parsed with shfmt --to-json, so quoting, heredocs and nesting are exact.
          `python3 - <<EOF` heredocs are read as Python.
  Python  the program of subprocess.run/Popen/call/check_*, os.system/popen/exec*p, shutil.which
          and asyncio.create_subprocess_* (a list's first element, or a shell string parsed as
          shell), through the same wrappers.
  JS      child_process execFile/spawn/exec(Sync) with a literal program; a *_BIN default path.
  C++     tests' ChildProcess({"x", ...}), runProcess("x", {"-c", "script"}), the commands given
          to std::system by string literals, macros *_BIN="x" defined in CMake.
  CMake   COMMAND of add_test / add_custom_command / add_custom_target / execute_process (with
          set() variables resolved), find_program names.
  any     a string that is a path in /bin, /sbin, /usr/bin, /usr/sbin, /usr/local/bin.
Commands whose name is only known at run time ("$HOST", "${VTOKEN_BIN}") are our own build outputs
passed in by CTest or the environment and are not checked. Not counted as external: shell builtins
and keywords, functions defined in the script (or in a file it sources), paths into the
repository, our CMake targets, and programs run through npx (npm ci installs them from
package.json).
"""
import ast
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys

BASH_BUILTINS = set("""
    . : [ [[ ]] alias bg bind break builtin caller cd command compgen complete compopt continue
    declare dirs disown echo enable eval exec exit export false fc fg getopts hash help history jobs
    kill let local logout mapfile popd printf pushd pwd read readarray readonly return set shift
    shopt source suspend test times trap true type typeset ulimit umask unalias unset wait
    if then else elif fi case esac for select while until do done in function time coproc { } !
""".split())
SCAN_DIRS = ("scripts", "tests", "bench", "demo", "installer", ".ci", "cmake")
SKIP_DIRS = ("tests/fuzz/corpus/", "tests/fuzz/regressions/")
BIN_PATH = re.compile(r"^/(?:usr/)?(?:local/)?s?bin/[A-Za-z0-9_.+-]+$")


class Found:
    """Commands found, with where (file:line) each was seen."""

    def __init__(self):
        self.where = {}

    def add(self, name, origin):
        self.where.setdefault(name, []).append(origin)


def command_name(word):
    """A literal first word -> the command to declare: /usr/bin/x -> x unless x is a builtin's name
    (GNU /usr/bin/time is not the `time` keyword), other absolute paths as they are."""
    if BIN_PATH.match(word):
        base = word.rsplit("/", 1)[1]
        return word if base in BASH_BUILTINS else base
    return word


class Repo:
    def __init__(self, root):
        self.root = pathlib.Path(root).resolve()
        self.files = self._files()
        self.targets = set()
        for path in self.files:
            if path.name == "CMakeLists.txt" or path.suffix == ".cmake":
                text = (self.root / path).read_text(errors="replace")
                self.targets.update(re.findall(r"add_(?:executable|library)\(\s*([A-Za-z0-9_.+-]+)", text))

    def _files(self):
        try:
            out = subprocess.run(["git", "-C", str(self.root), "ls-files", "-z"], capture_output=True,
                                 check=True).stdout.decode()
            names = [n for n in out.split("\0") if n]
        except (OSError, subprocess.CalledProcessError):
            names = []
            for top, dirs, files in os.walk(self.root):
                rel = pathlib.Path(top).relative_to(self.root)
                dirs[:] = [d for d in dirs if d not in (".git", "node_modules") and not d.startswith("build")]
                names += [str(rel / f) for f in files]
        return [pathlib.Path(n) for n in sorted(names) if (self.root / n).is_file()]

    def is_own_path(self, word, base):
        """A path into the repository (relative to the repository or to the script's directory)."""
        if "/" not in word or word.startswith("/"):
            return False
        for start in (self.root, self.root / base):
            try:
                (start / word).resolve().relative_to(self.root)
                return True
            except ValueError:
                pass
        return False

    def tracked_suffix(self, suffix):
        return any(("/" + str(p)).endswith(suffix) for p in self.files)


# --- argument vectors, shared by every language -------------------------------------------------

# wrapper -> (options that take a value, positional arguments before the command)
WRAPPERS = {
    "env": ({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}, 0),
    "timeout": ({"-s", "--signal", "-k", "--kill-after"}, 1),
    "flock": ({"-w", "--timeout", "-E", "--conflict-exit-code"}, 1),
    "nice": ({"-n", "--adjustment"}, 0),
    "nohup": (set(), 0),
    "setsid": (set(), 0),
    "stdbuf": ({"-i", "-o", "-e"}, 0),
    "sudo": ({"-u", "-g", "-C", "-D", "-h", "-p", "-U"}, 0),
    "xargs": ({"-I", "-n", "-P", "-d", "-L", "-s", "-a", "-E", "--max-args", "--max-procs",
               "--delimiter", "--arg-file"}, 0),
    "/usr/bin/time": ({"-f", "--format", "-o", "--output"}, 0),
    "exec": ({"-a"}, 0),
    "command": (set(), 0),
    "builtin": (set(), 0),
}
SHELLS = {"bash", "sh", "dash"}
PYTHONS = {"python3", "python"}


class Scanner:
    def __init__(self, repo):
        self.repo = repo
        self.found = Found()
        self.notes = []  # code in strings that did not parse: reported, not fatal
        self.errors = []  # whole files that did not parse: their commands would go unchecked

    def argv(self, words, origin, ctx):
        """words: list of str (literal) or None (known only at run time). Records the command(s)."""
        if not words or words[0] is None:
            return
        first = words[0]
        if first.startswith("${") and not (ctx.get("arrays") and first in ctx["arrays"]):
            return  # an array we do not know
        name = command_name(first)
        rest = words[1:]
        if ctx.get("arrays") is not None and first in ctx["arrays"]:
            for value in ctx["arrays"][first]:  # every value the script gives the array
                self.argv(value + rest, origin, ctx)
            return
        if first in BASH_BUILTINS and first not in WRAPPERS:
            if first == "trap" and rest and rest[0] and not rest[0].startswith("-"):
                self.shell_text(rest[0], origin, ctx)  # trap 'COMMANDS' SIGNAL...
            if first == "eval" and rest and None not in rest:
                self.shell_text(" ".join(rest), origin, ctx)
            return
        if first in ctx.get("runners", ()):  # a function that runs "$@" (spawn_clean pcscd ...)
            return self.argv(rest, origin, ctx)
        if first in ctx.get("functions", ()):
            return
        if self.repo.is_own_path(first, ctx.get("dir", ".")) or first in self.repo.targets:
            if "--" in rest:  # scripts/with-virtual-tokens.sh ... -- COMMAND
                self.argv(rest[rest.index("--") + 1:], origin, ctx)
            return
        if first not in BASH_BUILTINS:
            self.found.add(name, origin)
        if first == "npx":  # a program from node_modules (package.json)
            return
        if name == "cmake" and rest[:2] == ["-E", "env"]:
            return self.argv(["env"] + rest[2:], origin, ctx)
        if name == "cmake":  # compilers it is told to use
            for w in rest:
                m = re.match(r"-DCMAKE_(?:C|CXX)_COMPILER(?::\w+)?=(\S+)$", w or "")
                if m:
                    self.argv([m.group(1)], origin, ctx)
        if name in SHELLS or name in PYTHONS:
            for i, w in enumerate(rest):
                if w in ("-c",) and i + 1 < len(rest) and rest[i + 1] is not None:
                    if name in SHELLS:
                        self.shell_text(rest[i + 1], origin, ctx)
                    else:
                        self.python_text(rest[i + 1], origin)
                    return
            return
        key = first if first in WRAPPERS else name
        if key not in WRAPPERS:
            return
        with_value, positional = WRAPPERS[key]
        i = 0
        while i < len(rest):
            w = rest[i]
            if w is None:
                return
            if w == "--":
                i += 1
                break
            if key == "command" and w in ("-v", "-V"):  # command -v X: X is required
                if i + 1 < len(rest):
                    self.argv(rest[i + 1:i + 2], origin, ctx)
                return
            if key == "env" and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", w):
                i += 1
                continue
            if w.startswith("-") and len(w) > 1:
                i += 2 if w in with_value else 1
                continue
            break
        rest = rest[i + positional:]
        if key == "flock" and rest[:1] in (["-c"], ["--command"]):  # flock LOCK -c 'COMMANDS'
            if len(rest) > 1 and rest[1] is not None:
                self.shell_text(rest[1], origin, ctx)
            return
        self.argv(rest, origin, ctx)

    # --- shell --------------------------------------------------------------------------------
    def shell_text(self, text, origin, ctx, *, path=None):
        try:
            tree = json.loads(subprocess.run(["shfmt", "--to-json", "-ln", "bash"], input=text.encode(),
                                             capture_output=True, check=True).stdout)
        except subprocess.CalledProcessError as e:
            (self.notes if path is None else self.errors).append(
                f"{origin}: shfmt could not parse this shell code: {e.stderr.decode().strip()}")
            return
        line0 = int(origin.rsplit(":", 1)[1]) - 1 if path is None else 0
        file = origin.rsplit(":", 1)[0]
        ctx = dict(ctx)
        ctx.setdefault("functions", set())
        ctx["functions"] = set(ctx["functions"]) | self._functions(tree)
        ctx["runners"] = set(ctx.get("runners", ())) | self._functions(tree, runners=True)
        ctx.setdefault("arrays", {})
        self._walk(tree, file, line0, ctx)

    def _functions(self, tree, runners=False):
        """Names of the functions defined in a parsed file; with runners=True only those whose body
        runs its arguments as a command ("$@" or exec "$@" as a command)."""
        names = set()

        def runs_args(node):
            if isinstance(node, dict):
                if node.get("Type") == "CallExpr":
                    words = [self.word(a) for a in node.get("Args") or []]
                    if words[:1] == ["${@}"] or words[:2] == ["exec", "${@}"]:
                        return True
                return any(runs_args(v) for v in node.values())
            return isinstance(node, list) and any(runs_args(v) for v in node)

        def visit(node):
            if isinstance(node, dict):
                if node.get("Type") == "FuncDecl" and (not runners or runs_args(node.get("Body"))):
                    names.add(node["Name"]["Value"])
                for v in node.values():
                    visit(v)
            elif isinstance(node, list):
                for v in node:
                    visit(v)
        visit(tree)
        return names

    @staticmethod
    def word(w):
        """A shfmt Word -> its literal text, a "${NAME[@]}" marker for an array expansion, or None."""
        parts = w.get("Parts", [])
        if (len(parts) == 1 and parts[0].get("Type") == "DblQuoted" and len(parts[0].get("Parts", [])) == 1):
            p = parts[0]["Parts"][0]
            if p.get("Type") == "ParamExp" and p.get("Index", {}).get("Parts", [{}])[0].get("Value") in ("@", "*") \
                    and not p.get("Exp") and not p.get("Repl"):
                return "${%s[@]}" % p["Param"]["Value"]
            if p.get("Type") == "ParamExp" and p["Param"]["Value"] == "@" and not p.get("Exp"):
                return "${@}"
        out = []

        def lit(parts):
            for p in parts:
                t = p.get("Type")
                if t == "Lit" or t == "SglQuoted":
                    out.append(p.get("Value", ""))
                elif t == "DblQuoted":
                    if not lit(p.get("Parts", [])):
                        return False
                else:
                    return False
            return True
        return "".join(out) if lit(parts) else None

    def _walk(self, node, file, line0, ctx):
        if isinstance(node, list):
            for v in node:
                self._walk(v, file, line0, ctx)
            return
        if not isinstance(node, dict):
            return
        if node.get("Type") == "CallExpr":
            line = line0 + node["Pos"]["Line"]
            for a in node.get("Assigns") or []:
                if a.get("Array") and not node.get("Args"):
                    ctx["arrays"].setdefault("${%s[@]}" % a["Name"]["Value"], []).append([
                        self.word(e["Value"]) for e in a["Array"].get("Elems") or [] if e.get("Value")])
            args = node.get("Args") or []
            if args:
                words = [self.word(a) for a in args]
                if words[0] is None:
                    words[0] = self._own_script_word(args[0])
                self.argv(words, f"{file}:{line}", ctx)
        if "Redirs" in node and isinstance(node.get("Cmd"), dict) and node["Cmd"].get("Type") == "CallExpr":
            args = [self.word(a) for a in node["Cmd"].get("Args") or []]
            if args and args[0] in PYTHONS and "-" in args[1:]:
                for r in node["Redirs"]:
                    if r.get("Hdoc"):
                        body = self.word(r["Hdoc"])
                        if body:
                            self.python_text(body, f"{file}:{line0 + r['Hdoc']['Pos']['Line']}")
        for k, v in node.items():
            if k not in ("Pos", "End"):
                self._walk(v, file, line0, ctx)

    def _own_script_word(self, w):
        """"$REPO/scripts/x.sh" and the like: a literal tail naming a tracked file -> that relative
        path (so it counts as our own script, and its `-- COMMAND` is followed); else None."""
        parts = w.get("Parts", [])
        if len(parts) == 1 and parts[0].get("Type") == "DblQuoted":
            parts = parts[0].get("Parts", [])
        if len(parts) >= 2 and parts[-1].get("Type") == "Lit" and parts[-1]["Value"].startswith("/"):
            tail = parts[-1]["Value"]
            if self.repo.tracked_suffix(tail):
                return tail.lstrip("/")
        return None

    def shell_file(self, path):
        text = (self.repo.root / path).read_text(errors="replace")
        ctx = {"dir": str(path.parent), "functions": set(), "arrays": {}}
        # Functions of the files it sources (tests/integration/passive/lib.sh and the like).
        for src in re.findall(r'^\s*(?:source|\.)\s[^\n]*?([A-Za-z0-9_.-]+\.sh)\W*$', text, re.M):
            for other in self.repo.files:
                if other.name == src and other != path:
                    sub = subprocess.run(["shfmt", "--to-json", "-ln", "bash"],
                                         input=(self.repo.root / other).read_bytes(), capture_output=True)
                    if sub.returncode == 0:
                        ctx["functions"] |= self._functions(json.loads(sub.stdout))
        self.shebang(text, path)
        self.shell_text(text, f"{path}:1", ctx, path=path)

    def shebang(self, text, path):
        m = re.match(r"#!\s*(\S+)(?:[ \t]+(\S+))?", text)
        if m:
            words = [m.group(1)] + ([m.group(2)] if m.group(2) else [])
            self.argv(words, f"{path}:1", {})

    # --- Python -------------------------------------------------------------------------------
    PY_CALLS = {"run", "Popen", "call", "check_call", "check_output", "getoutput", "getstatusoutput",
                "system", "popen", "execv", "execvp", "execvpe", "execl", "execlp", "execlpe", "which",
                "create_subprocess_exec", "create_subprocess_shell"}
    PY_SHELL = {"system", "popen", "getoutput", "getstatusoutput", "create_subprocess_shell"}
    PY_MODULES = {"subprocess", "os", "shutil", "asyncio"}

    def python_file(self, path):
        text = (self.repo.root / path).read_text(errors="replace")
        self.shebang(text, path)
        self.python_text(text, f"{path}:1", base_line=0)

    def python_text(self, text, origin, base_line=None):
        """base_line: None for code inside another file (its lines count from origin's line)."""
        file, line = origin.rsplit(":", 1)
        base = int(line) - 1 if base_line is None else base_line
        try:
            tree = ast.parse(text)
        except SyntaxError as e:
            (self.notes if base_line is None else self.errors).append(f"{origin}: not parsed as Python: {e}")
            return
        consts, imported = {}, {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                    and isinstance(node.value.value, str):
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        consts[t.id] = node.value.value
            if isinstance(node, ast.ImportFrom) and node.module in self.PY_MODULES:
                for alias in node.names:
                    imported[alias.asname or alias.name] = alias.name

        def value(n):
            if isinstance(n, ast.Constant) and isinstance(n.value, str):
                return n.value
            if isinstance(n, ast.Name) and n.id in consts:
                return consts[n.id]
            return None

        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and BIN_PATH.match(node.value):
                self.found.add(command_name(node.value), f"{file}:{base + node.lineno}")
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in self.PY_MODULES:
                fname = f.attr
            elif isinstance(f, ast.Name) and f.id in imported:
                fname = imported[f.id]
            else:
                continue
            if fname not in self.PY_CALLS:
                continue
            where = f"{file}:{base + node.lineno}"
            first = node.args[0]
            shell = fname in self.PY_SHELL or any(
                k.arg == "shell" and isinstance(k.value, ast.Constant) and k.value.value for k in node.keywords)
            if isinstance(first, (ast.List, ast.Tuple)):
                words = [value(e) for e in first.elts]
                self.argv(words, where, {})
            elif value(first) is not None:
                if shell:
                    self.shell_text(value(first), where, {})
                else:  # a program name (run("x") without a shell, which("x"), execvp("x", ...))
                    self.argv([value(first)], where, {})

    # --- JavaScript ---------------------------------------------------------------------------
    def js_file(self, path):
        text = (self.repo.root / path).read_text(errors="replace")
        self.shebang(text, path)
        names = {"execFile", "execFileSync", "spawn", "spawnSync", "exec", "execSync", "fork"}
        names |= set(re.findall(r"(?:const|let|var)\s+(\w+)\s*=\s*promisify\(\s*(?:execFile|exec)\s*\)", text))
        for n, line in enumerate(text.splitlines(), 1):
            where = f"{path}:{n}"
            for m in re.finditer(r"\b(\w+)\(\s*(['\"])([^'\"]+)\2", line):
                if m.group(1) in names and m.group(1) != "fork":
                    if m.group(1) in ("exec", "execSync"):
                        self.shell_text(m.group(3), where, {})
                    else:
                        self.argv([m.group(3)], where, {})
            for m in re.finditer(r"_BIN\b[^\n]*\?\?\s*(['\"])(/[^'\"]+)\1", line):
                self.argv([m.group(2)], where, {})
            for m in re.finditer(r"(['\"`])(/[^'\"`\s]+)\1", line):
                if BIN_PATH.match(m.group(2)):
                    self.found.add(command_name(m.group(2)), where)

    # --- C++ tests ----------------------------------------------------------------------------
    def cpp_file(self, path):
        text = (self.repo.root / path).read_text(errors="replace")
        uses_system = "std::system(" in text
        for n, line in enumerate(text.splitlines(), 1):
            where = f"{path}:{n}"
            for m in re.finditer(r"ChildProcess\b[^;{]*?\(\s*(?:std::vector<std::string>\s*)?\{\s*\"([^\"]+)\"", line):
                self.argv([m.group(1)], where, {})
            for m in re.finditer(r'"((?:\\.|[^"\\])*)"', line):
                s = m.group(1)
                if BIN_PATH.match(s):
                    self.found.add(command_name(s), where)
                if uses_system:
                    c = re.match(r"([a-z][A-Za-z0-9_.+-]*) +--?[a-z]", s)
                    if c:
                        self.argv([c.group(1)], where, {})
        for m in re.finditer(r'runProcess\(\s*"([^"]+)"\s*,\s*\{\s*"-c"\s*,\s*"((?:\\.|[^"\\])*)"', text):
            where = f"{path}:{text[:m.start()].count(chr(10)) + 1}"
            self.argv([m.group(1), "-c", m.group(2).encode().decode("unicode_escape")], where, {})

    # --- CMake --------------------------------------------------------------------------------
    CMAKE_KEYWORDS = {"WORKING_DIRECTORY", "DEPENDS", "BYPRODUCTS", "OUTPUT", "COMMENT", "VERBATIM",
                      "USES_TERMINAL", "CONFIGURATIONS", "NAME", "RESULT_VARIABLE", "OUTPUT_VARIABLE",
                      "ERROR_VARIABLE", "OUTPUT_QUIET", "ERROR_QUIET", "TIMEOUT", "COMMAND_EXPAND_LISTS",
                      "MAIN_DEPENDENCY", "IMPLICIT_DEPENDS", "DEPFILE", "JOB_POOL", "SOURCES", "ALL",
                      "OUTPUT_STRIP_TRAILING_WHITESPACE", "ERROR_STRIP_TRAILING_WHITESPACE",
                      "COMMAND_ECHO", "ECHO_OUTPUT_VARIABLE", "ECHO_ERROR_VARIABLE", "ENCODING"}

    def cmake_file(self, path):
        text = (self.repo.root / path).read_text(errors="replace")
        text_nc = re.sub(r"#[^\n]*", "", text)
        variables = {"CMAKE_COMMAND": "cmake", "CMAKE_CTEST_COMMAND": "ctest"}
        for m in re.finditer(r"\bset\(\s*(\w+)\s+([^\s)]+)", text_nc):
            variables.setdefault(m.group(1), m.group(2))
        for m in re.finditer(r"\bfind_program\(\s*(\w+)\s+(?:NAMES\s+)?([^\s)]+)", text_nc):
            variables[m.group(1)] = m.group(2)
            self.argv([m.group(2)], f"{path}:{text_nc[:m.start()].count(chr(10)) + 1}", {})
        for m in re.finditer(r"\bset\(\s*CMAKE_(?:C|CXX)_COMPILER\s+([^\s)]+)", text_nc):
            self.argv([m.group(1)], f"{path}:{text_nc[:m.start()].count(chr(10)) + 1}", {})
        for m in re.finditer(r'\b\w+_BIN="([^"]+)"', text_nc):
            self.argv([m.group(1)], f"{path}:{text_nc[:m.start()].count(chr(10)) + 1}", {})

        def resolve(tok, depth=0):
            if tok.startswith("$<TARGET_FILE:"):
                return None  # our own build output
            m = re.fullmatch(r"\$\{(\w+)\}(.*)", tok)
            if m:
                if m.group(1) in ("CMAKE_CURRENT_SOURCE_DIR", "PROJECT_SOURCE_DIR", "CMAKE_SOURCE_DIR"):
                    return "./" + m.group(2).lstrip("/") if m.group(2) else None
                if m.group(1) in variables and depth < 5:
                    return resolve(variables[m.group(1)] + m.group(2), depth + 1)
                return None
            return tok if "${" not in tok and "$<" not in tok else None

        for m in re.finditer(r"\b(add_test|add_custom_command|add_custom_target|execute_process)\s*\(", text_nc):
            depth, i = 1, m.end()
            while i < len(text_nc) and depth:
                depth += {"(": 1, ")": -1}.get(text_nc[i], 0)
                i += 1
            body = text_nc[m.end():i - 1]
            tokens = re.findall(r'"[^"]*"|[^\s"]+', body)
            tokens = [t.strip('"') for t in tokens]
            line = text_nc[:m.start()].count("\n") + 1
            cur = None
            for t in tokens + ["COMMAND"]:
                if t == "COMMAND" or t in self.CMAKE_KEYWORDS:
                    if cur:
                        words = [resolve(w) for w in cur]
                        if words[0] and words[0].startswith("./"):
                            words[0] = os.path.normpath(os.path.join(str(path.parent), words[0]))
                        self.argv(words, f"{path}:{line}", {"dir": "."})
                    cur = [] if t == "COMMAND" else None
                elif cur is not None:
                    cur.append(t)
        for tok in re.findall(r"[^\s()\"]+", text_nc):
            if BIN_PATH.match(tok):
                self.found.add(command_name(tok), f"{path}")

    # --- all ----------------------------------------------------------------------------------
    def scan(self):
        for path in self.repo.files:
            s = str(path)
            if not (s.startswith(tuple(d + "/" for d in SCAN_DIRS)) or path.name == "CMakeLists.txt"):
                continue
            if s.startswith(SKIP_DIRS):
                continue
            text_head = (self.repo.root / path).read_bytes()[:200]
            shebang = text_head.split(b"\n", 1)[0] if text_head.startswith(b"#!") else b""
            if path.suffix in (".sh", ".bash") or (path.suffix == "" and re.search(rb"\b(ba)?sh\b", shebang)):
                self.shell_file(path)
            elif path.suffix == ".py" or re.search(rb"python", shebang):
                self.python_file(path)
            elif path.suffix in (".mjs", ".js", ".cjs"):
                self.js_file(path)
            elif path.suffix in (".cpp", ".hpp", ".h", ".cc") and s.startswith(("tests/", "bench/")):
                self.cpp_file(path)
            elif path.name == "CMakeLists.txt" or path.suffix == ".cmake":
                self.cmake_file(path)


def declared_commands(deps_sh):
    """The COMMANDS=( command package ... ) table of scripts/deps.sh."""
    text = deps_sh.read_text()
    m = re.search(r"^COMMANDS=\((.*?)^\)", text, re.S | re.M)
    if not m:
        sys.exit(f"{deps_sh}: no COMMANDS=( ... ) table")
    words = re.sub(r"#[^\n]*", "", m.group(1)).split()
    if len(words) % 2:
        sys.exit(f"{deps_sh}: COMMANDS must hold pairs 'command package'")
    return dict(zip(words[0::2], words[1::2]))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = pathlib.Path(args[0] if args else pathlib.Path(__file__).resolve().parents[3])
    if shutil.which("shfmt") is None:
        sys.exit("deps_cover_commands: shfmt is missing (scripts/deps.sh installs it)")
    repo = Repo(root)
    scanner = Scanner(repo)
    scanner.scan()
    declared = declared_commands(root / "scripts" / "deps.sh")
    for note in scanner.notes:
        print("note:", note, file=sys.stderr)
    for error in scanner.errors:
        print("ERROR:", error)
    found = scanner.found.where
    if "--list" in sys.argv:
        for name in sorted(found):
            print(f"{name:28} {'declared' if name in declared else 'MISSING':9} {', '.join(sorted(set(found[name]))[:3])}")
    missing = sorted(n for n in found if n not in declared)
    unused = sorted(n for n in declared if n not in found)
    if unused:
        print("declared in scripts/deps.sh, not seen in any file (fine if run some other way): "
              + " ".join(unused))
    if scanner.errors:
        print(f"deps_cover_commands: {len(scanner.errors)} file(s) could not be read as code")
    if missing:
        for name in missing:
            where = sorted(set(found[name]))
            print(f"NOT DECLARED in scripts/deps.sh: {name}  (used at {', '.join(where[:4])}"
                  f"{', ...' if len(where) > 4 else ''})")
        print(f"deps_cover_commands: {len(missing)} command(s) missing from scripts/deps.sh COMMANDS")
        return 1
    if scanner.errors:
        return 1
    print(f"deps_cover_commands: all {len(found)} commands run by {len(repo.files)} tracked files are declared "
          f"in scripts/deps.sh")
    return 0


if __name__ == "__main__":
    sys.exit(main())
