#!/bin/sh
# The image's entry point for both processes ($APP is Api or Silo, baked in at build time).
set -eu

# A silo advertises the address where other silos and the api nodes reach it, and listens on every interface only
# when that address is not loopback. Loopback, the default, works on one machine only, so a container that was
# given no address advertises its own: its first IPv4 address on the container network (what `hostname -i` resolves
# the container's name to). Kubernetes sets the variable from the pod IP, so this does nothing there.
if [ "$APP" = Silo ] && [ -z "${Pledge__Silo__AdvertisedAddress:-}" ]; then
    address=
    for candidate in $(hostname -i 2>/dev/null || true); do
        case $candidate in
            127.*|::1) ;;
            *.*.*.*) address=$candidate; break ;;
            *) [ -n "$address" ] || address=$candidate ;;
        esac
    done
    if [ -n "$address" ]; then
        export Pledge__Silo__AdvertisedAddress="$address"
    else
        echo "entrypoint: could not find this container's address; the silo will advertise loopback and be unreachable from other containers" >&2
    fi
fi

# exec hands the shell's PID to dotnet, so SIGTERM reaches the host and it shuts down gracefully.
exec dotnet "Pledge.$APP.dll"
