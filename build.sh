#!/usr/bin/env bash
# The two commands for a fresh clone (see README.md):
#   ./build.sh sample   pack MlOps.Sdk, MlOps.Testing, MlOps.Serving and MlOps.Templates to artifacts/feed, train samples/Churn with them,
#                       run its checks (samples/Churn.Tests), print its metrics, and publish it with the embedded defaults:
#                       scoring image archive, model package and OCI artifact layout under samples/Churn/bin/ (nothing pushed);
#                       then, as a new user would, `dotnet new mlops` from the packed templates into artifacts/demo and
#                       `dotnet build`, `dotnet test`, `dotnet publish` there
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
  with_base_image publish_sample
}

# Offline, the scoring image's base comes from a loopback registry the project's own scripts start and fill
# (an ASP.NET Core base built from this machine's runtime); everything else needs no server.
with_base_image() {
  local registry
  registry=$(eng/containers/registry.sh start | sed -n 's/^REGISTRY=//p')
  trap 'eng/containers/registry.sh stop >/dev/null 2>&1 || true' RETURN
  base=$(eng/containers/base-image.sh "$registry" | tail -1)
  "$@"
}

publish_sample() {
  dotnet publish samples/Churn/Churn.csproj -c Release -nodeReuse:false -p:ContainerBaseImage="$base"
  echo
  echo "Published (samples/Churn/bin/Release/net10.0/):"
  (cd samples/Churn/bin/Release/net10.0 && ls -l container/*.tar.gz package/*.nupkg && ls oci)
  template_demo
}

# The template's three commands on a fresh solution; the template package is installed into a private hive.
template_demo() {
  local hive="$root/artifacts/template-hive" demo="$root/artifacts/demo" templates
  templates=$(ls artifacts/feed/MlOps.Templates.*.nupkg)
  rm -rf "$hive" "$demo"
  # Stand-alone, like a user's own folder: this repository's Directory.*.props (central versions, ...) must not apply.
  for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' > "artifacts/$f"; done
  dotnet new install "$templates" --debug:custom-hive "$hive"
  dotnet new mlops -n Demo -o "$demo" --package-source "$root/artifacts/feed" --debug:custom-hive "$hive"
  (cd "$demo" && dotnet build -nodeReuse:false && dotnet test -nodeReuse:false \
     && dotnet publish -nodeReuse:false -p:ContainerBaseImage="$base")
  echo
  echo "Template demo in artifacts/demo: built, tested and published (artifacts/demo/Demo.Model/bin/Release/net10.0/)."
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
