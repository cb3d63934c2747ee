#!/usr/bin/env bash
# Builds an ASP.NET Core runtime base image OFFLINE from this machine's own
# /usr/share/dotnet and system libraries, and pushes it with plain registry HTTP calls.
#   base-image.sh REGISTRY [REPOSITORY]      e.g. base-image.sh localhost:5000
# Prints the image reference (REGISTRY/REPOSITORY:MAJOR.MINOR) on stdout.
# Pushes tags :MAJOR.MINOR and :FULL as OCI manifests and :MAJOR.MINOR-dockerv2 as a
# Docker schema 2 manifest (same blobs).
# Env: DOTNET_ROOT_SRC (default /usr/share/dotnet), REGISTRY_AUTH=user:password for a
#      registry started with --auth.
set -euo pipefail
. "$(dirname "$0")/common.sh"

registry=${1:?usage: base-image.sh REGISTRY [REPOSITORY]}
repo=${2:-mlops/aspnet}
src=${DOTNET_ROOT_SRC:-/usr/share/dotnet}
ensure_pkg curl curl
PATH=$PATH:/sbin:/usr/sbin   # ldconfig lives in /sbin, often not on a non-root PATH
[ "$(uname -m)" = x86_64 ] || die "only linux/amd64 is supported (libraries are copied from this machine)"

# Runtime and ASP.NET Core must be the same version or the app will not roll forward onto it.
rt=$(ls "$src/shared/Microsoft.NETCore.App" | sort -V | tail -1)
[ -n "$rt" ] || die "no Microsoft.NETCore.App under $src/shared"
[ -d "$src/shared/Microsoft.AspNetCore.App/$rt" ] || die "Microsoft.AspNetCore.App $rt missing under $src/shared"
tag=${rt%.*}   # 10.0.12 -> 10.0

# One set of blobs, two manifests: the SDK copies the base's media types into the app
# image, and that decides the archive format (OCI layout vs docker-archive).
mt_layer_oci=application/vnd.oci.image.layer.v1.tar+gzip
mt_layer_docker=application/vnd.docker.image.rootfs.diff.tar.gzip

work=$(mktemp -d "${TMPDIR:-/tmp}/base-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/os" "$work/runtime" "$work/aspnet" "$work/blobs"

# --- layer 1: the minimum userland the runtime and ML.NET's native libraries load ---
os=$work/os; libdir=usr/lib/x86_64-linux-gnu
mkdir -p "$os/$libdir" "$os/usr/lib64" "$os/usr/bin" "$os/usr/sbin" "$os/etc" "$os/tmp" "$os/app" "$os/home/app" "$os/root"
chmod 1777 "$os/tmp"
# Debian is usr-merged; keep the same layout so the ELF interpreter path and the
# loader's built-in multiarch search directories resolve without an ld.so.cache.
ln -s usr/lib "$os/lib"; ln -s usr/lib64 "$os/lib64"; ln -s usr/bin "$os/bin"; ln -s usr/sbin "$os/sbin"
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$os/usr/lib64/ld-linux-x86-64.so.2"
# dlopen()ed by name at runtime, so ldd of the runtime never lists them:
# OpenSSL (System.Security.Cryptography.Native) and libgomp (lib_lightgbm from ML.NET).
wanted=(libssl.so.3 libcrypto.so.3 libz.so.1 libgomp.so.1)
mapfile -t objs < <(ls "$src/dotnet" "$src"/host/fxr/*/*.so "$src/shared/Microsoft.NETCore.App/$rt"/*.so "$src/shared/Microsoft.AspNetCore.App/$rt"/*.so 2>/dev/null)
for l in "${wanted[@]}"; do
  p=$(ldconfig -p | awk -v l="$l" '$1==l && /x86-64/ {print $NF; exit}')
  [ -n "$p" ] || die "$l not found on this machine (apt-get install libssl3 zlib1g libgomp1)"
  objs+=("$p")
done
{
  for o in "${objs[@]}"; do
    case $o in *libcoreclrtraceptprovider.so) continue ;; esac   # needs lttng; optional, dropped below
    ldd "$o" 2>/dev/null | awk '/=> \// {print $3}'
    case $o in *.so.*) echo "$o" ;; esac
  done
  echo /lib64/ld-linux-x86-64.so.2
} | sort -u | while read -r lib; do
  cp -L "$lib" "$os/$libdir/$(basename "$lib")"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n' >"$os/etc/passwd"
printf 'root:x:0:\napp:x:1654:\n' >"$os/etc/group"
printf 'hosts: files dns\n' >"$os/etc/nsswitch.conf"

# --- layer 2: .NET runtime + host; layer 3: ASP.NET Core shared framework ---
mkdir -p "$work/runtime/usr/share/dotnet/shared" "$work/runtime/usr/bin" "$work/aspnet/usr/share/dotnet/shared/Microsoft.AspNetCore.App"
cp -a "$src/dotnet" "$src/host" "$src/LICENSE.txt" "$src/ThirdPartyNotices.txt" "$work/runtime/usr/share/dotnet/"
mkdir -p "$work/runtime/usr/share/dotnet/shared/Microsoft.NETCore.App"
cp -a "$src/shared/Microsoft.NETCore.App/$rt" "$work/runtime/usr/share/dotnet/shared/Microsoft.NETCore.App/"
rm -f "$work/runtime/usr/share/dotnet/shared/Microsoft.NETCore.App/$rt/libcoreclrtraceptprovider.so"
ln -s ../share/dotnet/dotnet "$work/runtime/usr/bin/dotnet"
cp -a "$src/shared/Microsoft.AspNetCore.App/$rt" "$work/aspnet/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"

# Reproducible tars: same inputs -> same digests, so re-pushing is a no-op. Files are owned
# by root whoever builds; /home/app is appended owned by the app user as in Microsoft's images.
epoch=${SOURCE_DATE_EPOCH:-0}
tarx() { # tarx DIR MODE(-c|-r) TAR-ARGS...
  local d=$1 m=$2; shift 2
  tar -C "$d" --sort=name --mtime="@$epoch" --numeric-owner --format=posix \
      --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime "$m" "$@"
}
diff_ids=() layers=()
for l in os runtime aspnet; do
  if [ $l = os ]; then
    tarx "$work/os" -cf "$work/os.tar" --owner=0 --group=0 --exclude=./home/app .
    tarx "$work/os" -rf "$work/os.tar" --owner=1654 --group=1654 ./home/app
  else
    tarx "$work/$l" -cf "$work/$l.tar" --owner=0 --group=0 .
  fi
  diff_ids+=("sha256:$(sha256sum "$work/$l.tar" | cut -d' ' -f1)")
  gzip -n -6 "$work/$l.tar"
  d=$(sha256sum "$work/$l.tar.gz" | cut -d' ' -f1)
  mv "$work/$l.tar.gz" "$work/blobs/$d"
  layers+=("{\"mediaType\":\"MT_LAYER\",\"size\":$(stat -c %s "$work/blobs/$d"),\"digest\":\"sha256:$d\"}")
done

created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
join() { local IFS=,; echo "$*"; }
q() { printf '"%s"' "$@" | sed 's/""/","/g'; }
# APP_UID makes the .NET SDK default ContainerUser to 1654 and ASPNETCORE_HTTP_PORTS
# makes it infer the exposed port, exactly as with mcr.microsoft.com/dotnet/aspnet.
cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
"config":{"Env":[$(q "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "DOTNET_ROOT=/usr/share/dotnet" "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1" "DOTNET_RUNNING_IN_CONTAINER=true" "DOTNET_VERSION=$rt" "ASPNET_VERSION=$rt" "APP_UID=1654" "ASPNETCORE_HTTP_PORTS=8080")],
 "WorkingDir":"/app",
 "Labels":{"org.opencontainers.image.title":"mlops aspnet base (offline build)","org.opencontainers.image.version":"$rt","org.opencontainers.image.description":"ASP.NET Core $rt runtime copied from the build machine; no ICU (invariant globalization)"}},
"rootfs":{"type":"layers","diff_ids":[$(q "${diff_ids[@]}")]},
"history":[{"created":"$created","created_by":"eng/containers/base-image.sh: glibc, libstdc++, openssl, zlib, libgomp, passwd"},{"created":"$created","created_by":"eng/containers/base-image.sh: .NET runtime $rt"},{"created":"$created","created_by":"eng/containers/base-image.sh: ASP.NET Core $rt"}]}
JSON
cfg=$(sha256sum "$work/config.json" | cut -d' ' -f1)
cp "$work/config.json" "$work/blobs/$cfg"
manifest() { # manifest MANIFEST_TYPE CONFIG_TYPE LAYER_TYPE
  printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","size":%s,"digest":"sha256:%s"},"layers":[%s]}' \
    "$1" "$2" "$(stat -c %s "$work/config.json")" "$cfg" "$(join "${layers[@]}" | sed "s#MT_LAYER#$3#g")"
}
manifest application/vnd.oci.image.manifest.v1+json application/vnd.oci.image.config.v1+json "$mt_layer_oci" >"$work/manifest-oci.json"
manifest application/vnd.docker.distribution.manifest.v2+json application/vnd.docker.container.image.v1+json "$mt_layer_docker" >"$work/manifest-docker.json"

# --- push: monolithic blob upload (POST then PUT ?digest=), then manifest PUT ---
base="http://$registry/v2/$repo"
curlx=(curl -fsS --retry 2)
[ -n "${REGISTRY_AUTH:-}" ] && curlx+=(-u "$REGISTRY_AUTH")
for f in "$work"/blobs/*; do
  d=sha256:$(basename "$f")
  "${curlx[@]}" -o /dev/null -I "$base/blobs/$d" 2>/dev/null && continue   # already there
  loc=$("${curlx[@]}" -o /dev/null -D - -X POST "$base/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}') \
    || die "blob upload start failed at $base (registry running? credentials?)"
  case $loc in http*) ;; *) loc="http://$registry$loc" ;; esac
  case $loc in *\?*) sep='&' ;; *) sep='?' ;; esac
  "${curlx[@]}" -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' \
    --data-binary "@$f" "$loc${sep}digest=$d" || die "blob upload of $d failed"
done
put_manifest() { # put_manifest TAG FILE
  local ct; ct=$(sed 's/.*"mediaType":"\([^"]*\)".*"config".*/\1/;q' "$2")
  "${curlx[@]}" -o /dev/null -X PUT -H "Content-Type: $ct" --data-binary "@$2" "$base/manifests/$1" \
    || die "manifest push of $repo:$1 failed"
}
put_manifest "$tag" "$work/manifest-oci.json"
put_manifest "$rt" "$work/manifest-oci.json"
put_manifest "$tag-dockerv2" "$work/manifest-docker.json"
log "pushed $registry/$repo:$tag (+ :$rt, :$tag-dockerv2); $(du -cb "$work"/blobs/* | tail -1 | cut -f1) bytes compressed"
echo "$registry/$repo:$tag"
