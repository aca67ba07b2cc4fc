# deploy/local/apt.sh — sourced by bin/install and deploy/local/*.sh: installing
# Debian packages whose services we run ourselves (on our own ports, with our
# own data), so the distro's copies must not start.

# True when this machine can install with apt-get itself (root on Debian/Ubuntu).
can_apt() { [[ $EUID -eq 0 && -f /etc/debian_version ]]; }

# apt_install_quietly [--optional] PKG...: one `apt-get update`, then install.
# A policy-rc.d answering 101 ("action forbidden") keeps the packages'
# maintainer scripts from starting rabbitmq-server (5672, epmd) or the
# default PostgreSQL cluster (5432); it is removed again afterwards.
apt_install_quietly() {
  local made_policy= rc=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  if [[ -z "${APT_UPDATED:-}" ]]; then
    apt-get update -qq || rc=$?
    APT_UPDATED=1
  fi
  ((rc)) || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" || rc=$?
  [[ -n "$made_policy" ]] && rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) && stop_distro_services "$@"
  return $rc
}

# Belt and braces: stop and disable any distro service that started anyway.
stop_distro_services() {
  local pkg
  for pkg in "$@"; do
    case "$pkg" in
      rabbitmq-server)
        if [[ -d /run/systemd/system ]]; then
          systemctl disable --now rabbitmq-server >/dev/null 2>&1 || true
        elif pgrep -u rabbitmq beam >/dev/null 2>&1; then
          service rabbitmq-server stop >/dev/null 2>&1 || true
        fi
        ;;
      postgresql)
        if [[ -d /run/systemd/system ]]; then
          systemctl disable --now postgresql >/dev/null 2>&1 || true
        fi
        if command -v pg_lsclusters >/dev/null 2>&1; then
          pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1, $2}' |
            while read -r ver name; do pg_ctlcluster "$ver" "$name" stop || true; done
        fi
        ;;
    esac
  done
}
