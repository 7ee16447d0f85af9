/* libFuzzer harness for what a caller controls: the arguments and the
 * environment. tests/fuzz.bats builds it with clang -fsanitize=fuzzer and
 * -Wl,--wrap=exit, so that a usage error comes back here instead of ending
 * the run. The input's first byte picks argv or environment; the rest is
 * split at NUL bytes into the words. */
#define main skype_wrap_main
#include "../skype-wrap.c"
#undef main

#include <setjmp.h>
#include <stdint.h>

void __wrap_exit(int status);
void __real_exit(int status);

static jmp_buf back;
static int in_target; /* libFuzzer's own exit() must still exit */

void __wrap_exit(int status)
{
	if (in_target)
		longjmp(back, 1);
	__real_exit(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	extern char **environ;
	static char buf[8192];
	static struct session s;
	char *words[128] = { "skype-wrap" };
	enum mode mode = SESSION;
	int n = 1, dry = 0, untitled = 0;

	if (size == 0 || size >= sizeof buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	for (char *p = buf; p < buf + size - 1 && n < (int)LEN(words) - 1; p += strlen(p) + 1)
		words[n++] = p;
	words[n] = NULL;
	if (setjmp(back)) {
		in_target = 0;
		return 0;
	}
	in_target = 1;
	if (data[0] & 1) {
		parse_args(n, words, &mode, &dry, &untitled);
	} else {
		environ = words + 1;
		take_environment(&s);
		for (int i = 0; i < s.nlocale; i++)
			free(s.locale[i]);
		free(s.display);
		free(s.xauthority);
		free(s.pulse_server);
		free(s.sudo_user);
		memset(&s, 0, sizeof s);
	}
	in_target = 0;
	return 0;
}
