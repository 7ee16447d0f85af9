/* The kernel's confinement mechanisms for skype-wrap: Landlock rulesets,
 * the seccomp filter, and which video devices are cameras. Which process
 * gets which policy is skype-wrap.c's business (confine(), confine_server()).
 * See skype-wrap.h. */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <linux/videodev2.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "skype-wrap.h"

#define V4L_MAJOR 81

/* Landlock. Debian 12's headers stop at ABI 2; these are the kernel's own
 * later definitions. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#define LANDLOCK_RULE_NET_PORT 2
#endif
#ifndef LANDLOCK_SCOPE_SIGNAL
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif

struct ruleset_attr {
	unsigned long long handled_access_fs, handled_access_net, scoped;
};

struct net_port_attr {
	/* cppcheck-suppress unusedStructMember ; read by the kernel */
	unsigned long long allowed_access, port;
};

#define FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_FILE (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
		 LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE | \
		 LANDLOCK_ACCESS_FS_IOCTL_DEV)

int open_camera(int dirfd, const char *name)
{
	unsigned out = V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_OUTPUT_MPLANE | V4L2_CAP_VIDEO_M2M |
		       V4L2_CAP_VIDEO_M2M_MPLANE;
	struct v4l2_capability cap;
	unsigned caps;
	struct stat st;
	int fd;

	if (strncmp(name, "video", 5) ||
	    (fd = openat(dirfd, name, O_RDWR | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != V4L_MAJOR ||
	    ioctl(fd, VIDIOC_QUERYCAP, &cap) == -1) {
		close(fd);
		return -1;
	}
	caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
	if (!(caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE)) || (caps & out)) {
		close(fd);
		return -1;
	}
	return fd;
}

int next_camera(DIR *d, const char **name)
{
	const struct dirent *e;
	int fd = -1;

	while (fd == -1 && d && (e = readdir(d)))
		if ((fd = open_camera(dirfd(d), e->d_name)) != -1)
			*name = e->d_name;
	return fd;
}

int landlock_abi(void)
{
	int abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	return abi < 0 ? 0 : abi;
}

const char *landlock_missing(void)
{
	if (syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) >= 0)
		return NULL;
	if (errno == EOPNOTSUPP)
		return "built into this kernel but off (add landlock to its lsm= list)";
	if (errno == ENOSYS)
		return "not built into this kernel";
	return strerror(errno);
}

/* Every right this kernel's ABI knows, as the kernel's sandboxer sample
 * does: what an older kernel lacks is not asked for. TCP is handled (all
 * of it refused but the listed ports) where the policy lists ports or none
 * at all. */
static void handled_rights(int abi, const struct policy *p, struct ruleset_attr *attr)
{
	attr->handled_access_fs = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;
	if (abi >= 2)
		attr->handled_access_fs |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		attr->handled_access_fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		attr->handled_access_fs |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	if (abi >= 4 && (p->connect[0].last || p->bind[0].last || p->all_tcp))
		attr->handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
	if (abi >= 6)
		attr->scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL;
}

/* Adds a rule for each path of the table, with ~ the sandbox home; a path
 * that does not exist is noted and skipped. */
static void add_path_rules(struct ruleset *r, const char **paths, unsigned long long access,
			   unsigned long long handled, const char *home)
{
	for (; *paths; paths++) {
		struct landlock_path_beneath_attr rule = { .allowed_access = access & handled };
		char path[PATH_MAX];
		struct stat st;

		snprintf(path, sizeof path, "%s%s", (*paths)[0] == '~' ? home : "",
			 *paths + ((*paths)[0] == '~'));
		rule.parent_fd = open(path, O_PATH | O_CLOEXEC);
		if (rule.parent_fd == -1 || fstat(rule.parent_fd, &st) == -1) {
			size_t n = strlen(r->skipped);

			snprintf(r->skipped + n, sizeof r->skipped - n, "%s%s", n ? ", " : "", *paths);
		} else {
			if (!S_ISDIR(st.st_mode))
				rule.allowed_access &= FS_FILE;
			if (syscall(SYS_landlock_add_rule, r->fd, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) == -1)
				die_errno(EXIT_UNAVAILABLE, "landlock: rule for %s", path);
			r->rules++;
		}
		if (rule.parent_fd != -1)
			close(rule.parent_fd);
	}
}

/* A rule for each camera the app may open: the webcam group's other devices
 * are covered in its namespace. */
static void add_camera_rules(struct ruleset *r, unsigned long long access)
{
	DIR *d = opendir("/dev");
	const char *name = NULL;
	int fd;

	for (; (fd = next_camera(d, &name)) != -1; close(fd)) {
		struct landlock_path_beneath_attr rule = { .allowed_access = access & FS_FILE, .parent_fd = fd };

		if (syscall(SYS_landlock_add_rule, r->fd, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) == -1)
			die_errno(EXIT_UNAVAILABLE, "landlock: rule for /dev/%s", name);
		r->rules++;
	}
	if (d)
		closedir(d);
}

static void add_port_rules(struct ruleset *r, const struct ports *ranges, unsigned long long access)
{
	for (; ranges->last; ranges++)
		for (unsigned port = ranges->first; port <= ranges->last; port++) {
			struct net_port_attr rule = { .allowed_access = access, .port = port };

			if (syscall(SYS_landlock_add_rule, r->fd, LANDLOCK_RULE_NET_PORT, &rule, 0) == -1)
				die_errno(EXIT_UNAVAILABLE, "landlock: rule for port %u", port);
			r->rules++;
		}
}

void build_ruleset(struct ruleset *r, const struct policy *p, const char *home)
{
	struct ruleset_attr attr = { 0, 0, 0 };
	unsigned long long writes = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |
		LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
		LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
		LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM | LANDLOCK_ACCESS_FS_REFER |
		LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV;

	r->abi = landlock_abi();
	r->fd = -1;
	if (r->abi == 0)
		return;
	handled_rights(r->abi, p, &attr);
	r->fd = syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (r->fd == -1)
		die_errno(EXIT_UNAVAILABLE, "landlock: cannot create a ruleset");
	add_path_rules(r, p->read, FS_READ, attr.handled_access_fs, home);
	add_path_rules(r, p->write, FS_READ | writes, attr.handled_access_fs, home);
	if (p->cameras)
		add_camera_rules(r, (FS_READ | writes) & attr.handled_access_fs);
	add_path_rules(r, p->exec, FS_READ | LANDLOCK_ACCESS_FS_EXECUTE, attr.handled_access_fs, home);
	if (attr.handled_access_net) {
		add_port_rules(r, p->connect, LANDLOCK_ACCESS_NET_CONNECT_TCP);
		add_port_rules(r, p->bind, LANDLOCK_ACCESS_NET_BIND_TCP);
	}
}

void restrict_self(struct ruleset *r)
{
	if (r->fd != -1 && syscall(SYS_landlock_restrict_self, r->fd, 0) == -1)
		die_errno(EXIT_UNAVAILABLE, "landlock");
}

/* seccomp: the system calls a desktop app has no business making. */
static const int denied_syscalls[] = {
	__NR_ptrace, __NR_process_vm_readv, __NR_process_vm_writev, __NR_kexec_load,
	__NR_kexec_file_load, __NR_init_module, __NR_finit_module, __NR_delete_module, __NR_bpf,
	__NR_perf_event_open, __NR_userfaultfd, __NR_keyctl, __NR_add_key, __NR_request_key,
	__NR_mount, __NR_umount2, __NR_open_tree, __NR_move_mount, __NR_fsopen, __NR_fsconfig,
	__NR_fsmount, __NR_fspick, __NR_mount_setattr, __NR_pivot_root, __NR_swapon,
	__NR_swapoff, __NR_reboot, __NR_acct,
};

#if defined(__x86_64__)
#define SECCOMP_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SECCOMP_ARCH AUDIT_ARCH_AARCH64
#else
#error "skype-wrap: add this architecture's AUDIT_ARCH_* for seccomp"
#endif

/* aarch64 has fchmodat alone; headers before Linux 6.6 lack fchmodat2. */
#ifndef __NR_chmod
#define __NR_chmod __NR_fchmod
#endif
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif

/* The mode bits through which a chmod would open a file to other users. */
enum { SHARING_MODE = S_ISUID | S_ISGID | S_IWGRP | S_IRWXO };

#define DENY(err) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))

/* Installs the filter: a foreign architecture (or x32 ABI) is refused, the
 * denied calls fail with EPERM, and so do the ioctls that push input into a
 * terminal, clone or unshare into a new user namespace, and a chmod to a
 * SHARING_MODE: Landlock governs no chmod, and the app owns its home and
 * ~/xpra, which another user could use then. clone3 hides its flags from
 * seccomp, so it says ENOSYS and libc falls back to clone. */
void install_seccomp(void)
{
	static const struct sock_filter head[] = {
		LOAD(arch),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		LOAD(nr),
#if defined(__x86_64__)
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1), /* __X32_SYSCALL_BIT */
		DENY(EPERM),
#endif
	};
	static const struct sock_filter tail[] = {
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
		DENY(ENOSYS),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 5),
		LOAD(args[1]),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 1, 0),
		ALLOW,
		DENY(EPERM),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 0, 4),
		LOAD(args[0]),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 1, 0),
		ALLOW,
		DENY(EPERM),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_chmod, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fchmod, 0, 4),
		LOAD(args[1]),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, SHARING_MODE, 1, 0),
		ALLOW,
		DENY(EPERM),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fchmodat, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fchmodat2, 0, 4),
		LOAD(args[2]),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, SHARING_MODE, 1, 0),
		ALLOW,
		DENY(EPERM),
		ALLOW,
	};
	struct sock_filter f[LEN(head) + 2 * LEN(denied_syscalls) + LEN(tail)];
	struct sock_fprog prog = { LEN(f), f };
	size_t n = LEN(head);

	memcpy(f, head, sizeof head);
	for (size_t i = 0; i < LEN(denied_syscalls); i++) {
		struct sock_filter match = BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, denied_syscalls[i], 0, 1);
		struct sock_filter deny = DENY(EPERM);

		f[n++] = match;
		f[n++] = deny;
	}
	memcpy(f + n, tail, sizeof tail);
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1)
		die_errno(EXIT_UNAVAILABLE, "seccomp");
}
