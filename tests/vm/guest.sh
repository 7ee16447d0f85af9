# shellcheck shell=dash
# Sourced first by each /init of the test VMs (busybox, PID 1): the kernel's
# file systems and modules, the users (vmbox the sandbox user, vmcaller a
# member of its group) and how cases show on the console.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t devtmpfs dev /dev
echo 1 >/proc/sys/kernel/printk
# crc32c-intel fails on qemu's default CPU (no SSE4.2); crc32c_generic serves.
while read -r m; do
	insmod "/lib/modules/$m" 2>/dev/null || echo "insmod $m failed"
done </lib/modules/order

cat >/etc/passwd <<EOF
root:x:0:0:root:/root:/bin/sh
vmbox:x:2000:2000:sandbox:/home/vmbox:/bin/sh
vmcaller:x:2001:2001:caller:/home/vmcaller:/bin/sh
EOF
cat >/etc/group <<EOF
root:x:0:
vmbox:x:2000:vmcaller
vmcaller:x:2001:
EOF

# The VM has no xpra; --check reads the version of one here.
mkdir -p /usr/lib/python3/dist-packages/xpra
echo '__version__ = "3.1.3"' >/usr/lib/python3/dist-packages/xpra/__init__.py

begin() { echo "==== case $1"; }
end() { echo "==== end $1"; }

# Makes DIR the sandbox home (0710, ~/xpra 0710), in ROOT's passwd.
home_at() { # DIR [ROOT]
	mkdir -p "$2$1/xpra"
	chown 2000:2000 "$2$1" "$2$1/xpra"
	chmod 0710 "$2$1"
	chmod 0710 "$2$1/xpra"
	sed -i "s|^vmbox:.*|vmbox:x:2000:2000:sandbox:$1:/bin/sh|" "$2/etc/passwd"
}
