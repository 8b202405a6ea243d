# shellcheck shell=bash
# Sourced by tools/ensure-fandol and tools/ensure-noto-serif-heavy: files put into the user's font folder
# whole and never through a link, so that a HOME prepared by someone else (`sudo -E make`) cannot have
# root write elsewhere.

# safe_folder FOLDER: make FOLDER, then refuse it unless it is a real folder of the user running this
safe_folder() {
  mkdir -p "$1"
  if [ -L "$1" ] || [ ! -d "$1" ] || [ ! -O "$1" ]; then
    echo "reportpress: $1 is a link, not a folder, or not yours ($(id -un)); not writing into it." >&2
    echo "  run this as the user whose fonts these are, or remove it." >&2
    exit 1
  fi
}

# regular FILE: refuse an extracted member that is a link (a package's link could point anywhere)
regular() {
  if [ -L "$1" ] || [ ! -f "$1" ]; then
    echo "reportpress: $1 in the package is not a plain file; not installed." >&2
    exit 1
  fi
}

# install_file SOURCE FOLDER NAME: SOURCE's bytes into a new file of FOLDER, then renamed to NAME (a
# rename replaces a link called NAME, it never writes through it; fontconfig never sees half a file)
install_file() {
  local part
  part="$(mktemp "$2/.part.XXXXXX")"
  cat "$1" > "$part"
  chmod 644 "$part"
  mv -f "$part" "$2/$3"
}
