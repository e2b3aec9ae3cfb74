#!/usr/bin/env bash
# Every command README.md shows in a code block runs: the lines that start
# with `build/cnsim` or `cnsim` (backslash continuations joined, trailing
# `# comments` dropped) are run in a temporary folder that has the
# scenarios and build/cnsim, and must exit 0. Lines of make, export and
# the compiler are the build's business and are skipped.
set -u
CN=$(realpath "${1:-build/cnsim}")
SRC=${CNSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
fails=0; passes=0
mkdir -p "$T/run/build" "$T/bin"
ln -s "$SRC/scenarios" "$T/run/scenarios"
ln -s "$CN" "$T/run/build/cnsim"
ln -s "$CN" "$T/bin/cnsim"
# The registry beside the binary is found from build/cnsim's real path.
export PATH="$T/bin:$PATH"

/usr/bin/python3 - "$SRC/README.md" > "$T/commands.txt" <<'EOF'
import re, shlex, sys
text = open(sys.argv[1]).read()
blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
for b in blocks:
    joined = re.sub(r"\\\n\s*", " ", b)
    for line in joined.splitlines():
        line = line.strip()
        if not re.match(r"(build/)?cnsim(\s|$)", line):
            continue
        # drop a trailing comment: the first '#' outside quotes
        lex = shlex.shlex(line, posix=True, punctuation_chars=False)
        lex.whitespace_split = True
        lex.commenters = "#"
        words = list(lex)
        print(shlex.join(words))
EOF

n=$(wc -l < "$T/commands.txt")
if [ "$n" -lt 3 ]; then
  echo "FAIL: only $n cnsim commands found in README.md code blocks"
  exit 1
fi
while IFS= read -r cmd; do
  ( cd "$T/run" && eval "$cmd" ) > "$T/out.txt" 2> "$T/err.txt"
  rc=$?
  if [ $rc -eq 0 ]; then
    passes=$((passes + 1))
  else
    echo "FAIL (exit $rc): $cmd"
    head -5 "$T/err.txt"
    fails=$((fails + 1))
  fi
done < "$T/commands.txt"
# Every command of `cnsim --help` appears in one of those lines.
for c in $("$CN" --help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}'); do
  if grep -Eq "^(build/)?cnsim '?$c'?( |$)" "$T/commands.txt"; then
    passes=$((passes + 1))
  else
    echo "FAIL: README.md has no code-block example of cnsim $c"
    fails=$((fails + 1))
  fi
done
echo "README commands: $passes passed, $fails failed"
[ $fails -eq 0 ]
