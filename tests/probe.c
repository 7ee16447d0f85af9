/* A test app that reports, from inside the sandbox, what it was given and
 * what it may do. Each operation prints one line, "OP ARG: ok" or
 * "OP ARG: <strerror>", and they run in order:
 *   env | fds | limits         its environment, open fds, RLIMIT_DATA
 *   hog MIB                    allocate and touch MIB MiB, 1 MiB at a time
 *   reserve GIB                reserve GIB GiB of address space, as Chromium does
 *   read PATH | write PATH     open a file for reading, or create one
 *   exec PATH                  run PATH (with no arguments) in a child
 *   memfdexec FLAGS            run a copy of /bin/true from a memfd made with FLAGS
 *   unlink PATH                remove a file
 *   chmod PATH | fchmod PATH | fchmodat2 PATH   mode 0777 by that call
 *   connect PORT               TCP to 127.0.0.1:PORT
 *   abstract NAME              connect to the abstract unix socket @NAME
 *   listen PATH                listen on a unix socket at PATH, then sleep
 *   kill PID | ptrace PID      SIGCONT to PID, or attach to it
 *   capture PATH               one frame from a V4L2 camera, in an mmap buffer
 *   traceme | userns | tiocsti | keyctl   calls seccomp must refuse
 *   mix                        ordinary calls that must keep working
 *   forkbomb                   every process forks until it cannot, then sleeps */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/videodev2.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void report(const char *op, const char *arg, int failed)
{
	printf("%s%s%s: %s\n", op, arg ? " " : "", arg ? arg : "", failed ? strerror(errno) : "ok");
	fflush(stdout);
}

static int list_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d))
			printf("fd %s\n", e->d_name);
	closedir(d);
	return 0;
}

static int open_file(const char *path, int flags)
{
	int fd = open(path, flags, 0600);

	return fd == -1 ? -1 : close(fd);
}

/* Waits for a child that exits 100 + errno when its exec failed. */
static int exec_status(pid_t pid)
{
	int status;

	if (pid == -1 || waitpid(pid, &status, 0) == -1)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) >= 100) {
		errno = WEXITSTATUS(status) - 100;
		return -1;
	}
	return 0;
}

static int run(const char *path)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl(path, path, (char *)NULL);
		_exit(100 + errno);
	}
	return exec_status(pid);
}

static int exec_memfd(unsigned flags)
{
	int fd = syscall(SYS_memfd_create, "probe", flags), in = open("/bin/true", O_RDONLY);
	char buf[65536], *argv[] = { "true", NULL }, *envp[] = { NULL };
	ssize_t n;
	pid_t pid;

	if (fd == -1 || in == -1)
		return -1;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(fd, buf, n) != n)
			return -1;
	if ((pid = fork()) == 0) {
		syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
		_exit(100 + errno);
	}
	return exec_status(pid);
}

static int connect_tcp(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0), r;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	r = connect(fd, (struct sockaddr *)&sa, sizeof sa);
	close(fd);
	return r;
}

static int connect_abstract(const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), r;

	strncpy(sa.sun_path + 1, name, sizeof sa.sun_path - 2);
	r = connect(fd, (struct sockaddr *)&sa, offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
	close(fd);
	return r;
}

/* What a call app does with its camera: its buffers mapped and queued (the
 * driver may start only with several), one frame taken back. */
static int capture(const char *path)
{
	struct v4l2_requestbuffers req = { .count = 1, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					   .memory = V4L2_MEMORY_MMAP };
	struct v4l2_buffer buf = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP };
	int fd = open(path, O_RDWR), type = V4L2_BUF_TYPE_VIDEO_CAPTURE;

	if (fd == -1 || ioctl(fd, VIDIOC_REQBUFS, &req) == -1)
		return -1;
	for (buf.index = 0; buf.index < req.count; buf.index++)
		if (ioctl(fd, VIDIOC_QUERYBUF, &buf) == -1 ||
		    mmap(NULL, buf.length, PROT_READ, MAP_SHARED, fd, buf.m.offset) == MAP_FAILED ||
		    ioctl(fd, VIDIOC_QBUF, &buf) == -1)
			return -1;
	if (ioctl(fd, VIDIOC_STREAMON, &type) == -1 || ioctl(fd, VIDIOC_DQBUF, &buf) == -1)
		return -1;
	printf("frame of %u bytes\n", buf.bytesused);
	return close(fd);
}

/* What any app does all day: files, pipes, processes, sockets, time. */
static int ordinary_calls(void)
{
	int p[2], status;
	char buf[8];
	pid_t pid;

	if (pipe(p) == -1 || write(p[1], "x", 1) != 1 || read(p[0], buf, 1) != 1)
		return -1;
	if ((pid = fork()) == 0)
		_exit(7);
	if (pid == -1 || waitpid(pid, &status, 0) == -1 || WEXITSTATUS(status) != 7)
		return -1;
	if (open_file("/etc/passwd", O_RDONLY) == -1 || socket(AF_INET, SOCK_DGRAM, 0) == -1)
		return -1;
	return getpid() > 0 && kill(getpid(), 0) == 0 ? 0 : -1;
}

/* Memory really used, as a runaway app uses it: the pages are written. */
static int hog(int mib)
{
	for (int i = 0; i < mib; i++) {
		char *p = malloc(1 << 20);

		if (!p)
			return -1;
		memset(p, 1, 1 << 20);
	}
	return 0;
}

static int listen_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1 || listen(fd, 8) == -1)
		return -1;
	for (;;)
		pause();
}

static int reserve(unsigned long long gib)
{
	return mmap(NULL, gib << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) ==
		       MAP_FAILED ? -1 : 0;
}

static int fchmod_path(const char *path, mode_t mode)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r;

	if (fd == -1)
		return -1;
	r = fchmod(fd, mode);
	close(fd);
	return r;
}

int main(int argc, char *argv[])
{
	extern char **environ;
	struct rlimit rl;

	for (int i = 1; i < argc; i++) {
		const char *op = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(op, "env")) {
			for (char **e = environ; *e; e++)
				puts(*e);
		} else if (!strcmp(op, "fds")) {
			list_fds();
		} else if (!strcmp(op, "limits") && getrlimit(RLIMIT_DATA, &rl) == 0) {
			printf("data %llu %llu\n", (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
		} else if (!strcmp(op, "traceme")) {
			report(op, NULL, ptrace(PTRACE_TRACEME, 0, 0, 0) == -1);
		} else if (!strcmp(op, "userns")) {
			report(op, NULL, unshare(CLONE_NEWUSER) == -1);
		} else if (!strcmp(op, "tiocsti")) {
			char c = 'x';

			report(op, NULL, ioctl(0, TIOCSTI, &c) == -1);
		} else if (!strcmp(op, "keyctl")) {
			report(op, NULL, syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0) == -1);
		} else if (!strcmp(op, "forkbomb")) {
			while (fork() != -1)
				;
			report(op, NULL, 1);
			for (;;)
				pause();
		} else if (!strcmp(op, "mix")) {
			report(op, NULL, ordinary_calls() == -1);
		} else if (arg) {
			int failed;

			if (!strcmp(op, "read"))
				failed = open_file(arg, O_RDONLY) == -1;
			else if (!strcmp(op, "write"))
				failed = open_file(arg, O_WRONLY | O_CREAT) == -1;
			else if (!strcmp(op, "exec"))
				failed = run(arg) == -1;
			else if (!strcmp(op, "hog"))
				failed = hog(atoi(arg)) == -1;
			else if (!strcmp(op, "listen"))
				failed = listen_unix(arg) == -1;
			else if (!strcmp(op, "reserve"))
				failed = reserve(strtoull(arg, NULL, 10)) == -1;
			else if (!strcmp(op, "memfdexec"))
				failed = exec_memfd(atoi(arg)) == -1;
			else if (!strcmp(op, "unlink"))
				failed = unlink(arg) == -1;
			else if (!strcmp(op, "chmod"))
				failed = chmod(arg, 0777) == -1;
			else if (!strcmp(op, "fchmod"))
				failed = fchmod_path(arg, 0777) == -1;
			else if (!strcmp(op, "fchmodat2"))
				failed = syscall(452 /* SYS_fchmodat2 */, AT_FDCWD, arg, 0777, 0) == -1;
			else if (!strcmp(op, "connect"))
				failed = connect_tcp(atoi(arg)) == -1;
			else if (!strcmp(op, "abstract"))
				failed = connect_abstract(arg) == -1;
			else if (!strcmp(op, "kill"))
				failed = kill(atoi(arg), SIGCONT) == -1;
			else if (!strcmp(op, "capture"))
				failed = capture(arg) == -1;
			else if (!strcmp(op, "ptrace"))
				failed = ptrace(PTRACE_ATTACH, atoi(arg), 0, 0) == -1;
			else
				break;
			report(op, arg, failed);
			i++;
		} else {
			fprintf(stderr, "probe: unknown operation %s\n", op);
			return 2;
		}
	}
	return 0;
}
