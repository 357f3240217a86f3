#!/bin/sh
# Front-end assets from the npm registry: the Europa Component Library (EC
# preset and its icon sprite) and htmx, served by the portal itself (no CDN).
#
# Each package is fetched with `npm pack` at the exact version named in
# assets.sha512 and refused unless its tarball matches the SHA-512 recorded
# there; its dist/ folder and LICENSE are extracted into assets/vendor/, which
# git ignores. (`npm install @ecl/preset-ec` would also pull its build-time
# dependencies, some of which the registry no longer has.)
#
# Idempotent: when assets/vendor/ is newer than assets.sha512 and this script
# it does nothing.
set -eu

cd "$(dirname "$0")/.."
checksums=assets.sha512
dest=assets/vendor
stamp=$dest/.complete

if [ -f "$stamp" ] && [ "$stamp" -nt "$checksums" ] && [ "$stamp" -nt scripts/fetch_assets.sh ]; then
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "npm is needed to fetch the ECL and htmx assets (Debian: apt-get install -y npm)." >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "ecl-preset-ec-5.3.1.tgz" -> "@ecl/preset-ec@5.3.1"; "htmx.org-2.0.11.tgz" -> "htmx.org@2.0.11"
spec_of() {
    name=${1%.tgz}
    version=${name##*-}
    name=${name%-*}
    case $name in
        ecl-*) name="@ecl/${name#ecl-}" ;;
    esac
    echo "$name@$version"
}

# "@ecl/preset-ec" -> "ecl"; "@ecl/resources-icons" -> "ecl-icons"; "htmx.org" -> "htmx"
folder_of() {
    case $1 in
        @ecl/preset-ec@*) echo ecl ;;
        @ecl/resources-icons@*) echo ecl-icons ;;
        htmx.org@*) echo htmx ;;
        *) echo "assets.sha512 names an unknown package: $1" >&2; exit 1 ;;
    esac
}

specs=$(awk '{print $2}' "$checksums" | while read -r file; do spec_of "$file"; done)
# shellcheck disable=SC2086
npm pack --silent --pack-destination "$tmp" $specs >/dev/null
(cd "$tmp" && sha512sum --check --quiet "$OLDPWD/$checksums") || {
    echo "A downloaded package does not match $checksums: refusing to install it." >&2
    exit 1
}

rm -rf "$dest"
mkdir -p "$dest"
for file in $(awk '{print $2}' "$checksums"); do
    out=$dest/$(folder_of "$(spec_of "$file")")
    mkdir -p "$out"
    tar -xzf "$tmp/$file" -C "$out" --strip-components=1 package/dist package/LICENSE
done
# The EC stylesheet asks webtools.europa.eu for its font before the copy it
# ships beside it: keep only the local copy (the portal loads nothing from
# another origin, and its Content-Security-Policy would block it anyway).
for css in "$dest"/ecl/dist/styles/*.css; do
    sed -i 's#url(https://webtools\.europa\.eu/fonts/inter/[A-Za-z-]*\.woff2) format("woff2"),##g' "$css"
    if grep -q 'webtools\.europa\.eu' "$css"; then
        echo "$css still refers to webtools.europa.eu: update scripts/fetch_assets.sh." >&2
        exit 1
    fi
done
touch "$stamp"
echo "Front-end assets installed in $dest/."
