#!/usr/bin/env bash
# The two commands for a fresh clone (see README.md):
#   ./build.sh sample   pack MlOps.Sdk, MlOps.Testing, MlOps.Serving and MlOps.Templates to artifacts/feed, train samples/Churn with them,
#                       run its checks (samples/Churn.Tests), print its metrics, and publish it with the embedded defaults:
#                       scoring image archive, model package and OCI artifact layout under samples/Churn/bin/ (nothing pushed)
#   ./build.sh test     run every test (unit and end-to-end); .ci/run calls this
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

sample() {
  rm -rf artifacts/feed
  dotnet pack sdk/MlOps.Sdk.csproj -c Release -o artifacts/feed -nodeReuse:false
  dotnet pack src/MlOps.Testing/MlOps.Testing.csproj -c Release -o artifacts/feed -nodeReuse:false
  dotnet pack src/MlOps.Serving/MlOps.Serving.csproj -c Release -o artifacts/feed -nodeReuse:false
  # `dotnet new install artifacts/feed/MlOps.Templates.<version>.nupkg` (README "Templates").
  dotnet pack templates/MlOps.Templates.csproj -c Release -o artifacts/feed -nodeReuse:false
  # A private packages folder: the version just packed must never be served from a stale cache entry.
  export NUGET_PACKAGES="$root/artifacts/packages"
  rm -rf "$NUGET_PACKAGES/mlops.sdk" "$NUGET_PACKAGES/mlops.testing" "$NUGET_PACKAGES/mlops.serving"
  dotnet build samples/Churn/Churn.csproj -c Release -nodeReuse:false
  dotnet test samples/Churn.Tests/Churn.Tests.csproj -c Release -nodeReuse:false --logger "console;verbosity=normal"
  echo
  echo "Test metrics (samples/Churn/bin/Release/net10.0/mlops/metrics.json):"
  sed -n '/"test": {/,/}/p' samples/Churn/bin/Release/net10.0/mlops/metrics.json
  publish_sample
}

# Offline, the scoring image's base comes from a loopback registry the project's own scripts start and fill
# (an ASP.NET Core base built from this machine's runtime); everything else needs no server.
publish_sample() {
  local registry base
  registry=$(eng/containers/registry.sh start | sed -n 's/^REGISTRY=//p')
  trap 'eng/containers/registry.sh stop >/dev/null 2>&1 || true' RETURN
  base=$(eng/containers/base-image.sh "$registry" | tail -1)
  dotnet publish samples/Churn/Churn.csproj -c Release -nodeReuse:false -p:ContainerBaseImage="$base"
  echo
  echo "Published (samples/Churn/bin/Release/net10.0/):"
  (cd samples/Churn/bin/Release/net10.0 && ls -l container/*.tar.gz package/*.nupkg 2>/dev/null; ls -d oci 2>/dev/null) || true
}

tests() {
  dotnet build MlOps.Sdk.sln -c Release -nodeReuse:false
  # One test assembly at a time: the end-to-end tests pack and build real projects and need both cores.
  dotnet test MlOps.Sdk.sln -c Release --no-build -m:1 --logger "console;verbosity=normal"
}

case "${1:-}" in
  sample) sample ;;
  test) tests ;;
  *) echo "usage: ./build.sh sample|test" >&2; exit 2 ;;
esac
