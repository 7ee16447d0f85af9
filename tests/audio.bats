#!/usr/bin/env bats
# Sound from the sandbox through a session socket in the caller's own
# PulseAudio daemon (real pulseaudio with a null sink, run as the caller).
load lib

setup_file() {
	build_variant audio1 's/audio = 0/audio = 1/'
	start_pulse
	sox -n -r 44100 -c 2 "$T/tone.wav" synth 4 sine 440 vol 0.5
	chmod 0644 "$T/tone.wav"
}

teardown_file() {
	stop_pulse
}

setup() {
	export SW_BIN=$T/audio1
}

teardown() {
	pkill -KILL -u "$BOX" 2>/dev/null || true
}

# Waits until `pactl list short $1` as the caller lists something.
wait_listed() {
	for _ in $(seq 150); do
		[ -n "$(as_caller pactl list short "$1")" ] && return 0
		sleep 0.1
	done
	echo "nothing in pactl list $1" >&2
	return 1
}

@test "plays sound from the sandbox into the caller's server, as the sandbox user" {
	sw_bg -- paplay "$T/tone.wav"
	wait_listed sink-inputs
	as_caller pactl list sink-inputs | grep -q "application.process.user = \"$BOX\""
	# Half a second of the null sink's monitor.
	{ as_caller timeout 5 parec -d testsink.monitor --format=s16le --rate=44100 --channels=2 \
		--latency-msec=20 2>/dev/null || true; } | head -c 88200 >"$BATS_TEST_TMPDIR/rec.raw"
	rms=$(sox -t raw -r 44100 -e signed -b 16 -c 2 "$BATS_TEST_TMPDIR/rec.raw" -n stat 2>&1 |
		awk '/RMS +amplitude/ {print $3}')
	echo "RMS $rms"
	awk -v r="$rms" 'BEGIN { exit !(r > 0.1) }'
	wait "$SW_PID"
	assert_audio_clean
}

@test "records from the caller's server in the sandbox" {
	sw_bg -- /bin/sh -c 'timeout 3 parecord -d testsink.monitor "$HOME/.cache/rec.wav"; exit 0'
	wait_listed source-outputs
	as_caller pactl list source-outputs | grep -q "application.process.user = \"$BOX\""
	wait "$SW_PID"
	assert_audio_clean
}

@test "the app finds the session server through PULSE_SERVER, and libpulse through X11 only with SSH_CONNECTION" {
	run sw -- /bin/sh -c 'pactl info | grep "^Server String"
		env -u PULSE_SERVER pactl info >/dev/null 2>&1 || echo no-x11-lookup
		env -u PULSE_SERVER SSH_CONNECTION=1 pactl info | grep "^Server String"'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^"Server String: unix:/tmp/skype-wrap-pulse."[0-9]+\.[0-9a-f]+/native$ ]]
	[ "${lines[1]}" = no-x11-lookup ]
	[ "${lines[2]}" = "${lines[0]}" ]
	assert_audio_clean
}

@test "lets only the sandbox group into the session socket, and keeps the sandbox out of the caller's" {
	sw_bg -- sleep 30
	for _ in $(seq 100); do
		dir=$(ls -d /tmp/skype-wrap-pulse.* 2>/dev/null) && pgrep -u "$BOX" -x sleep >/dev/null && break
		sleep 0.1
	done
	[ "$(stat -c '%U %G %a' "$dir")" = "$CALLER $BOX 750" ]
	run setpriv --reuid="$OTHER" --regid="$OTHER" --init-groups env -i PULSE_SERVER="unix:$dir/native" pactl info
	[ "$status" -ne 0 ]
	run setpriv --reuid="$BOX" --regid="$BOX" --clear-groups env -i PULSE_SERVER="unix:$dir/native" pactl info
	[ "$status" -eq 0 ]
	kill "$SW_PID"
	wait "$SW_PID" || true
	uid=$(id -u "$CALLER")
	run sw -- /bin/sh -c "PULSE_SERVER=unix:/run/user/$uid/pulse/native pactl info >/dev/null 2>&1 || echo refused"
	[ "$output" = refused ]
	assert_audio_clean
}

@test "unloads the module and removes the socket after SIGTERM and after an app crash" {
	sw_bg -- sleep 30
	for _ in $(seq 100); do pgrep -u "$BOX" -x sleep >/dev/null && break; sleep 0.1; done
	kill -TERM "$SW_PID"
	wait "$SW_PID" || true
	assert_audio_clean
	run sw -- /bin/sh -c 'kill -SEGV $$'
	[ "$status" -eq 139 ]
	assert_audio_clean
	assert_clean
}

@test "runs without sound when audio is optional and no server answers" {
	stop_pulse
	sw_bg -- xclock -title sw-no-sound
	wait_window sw-no-sound
	kill "$SW_PID"
	wait "$SW_PID" || true
	start_pulse
	grep -q '^skype-wrap: audio: no sound in this session' "$SW_LOG"
	! ls -d /tmp/skype-wrap-pulse.* 2>/dev/null
}

@test "refuses with 69 when audio is required and no server answers" {
	build_variant audio2 's/audio = 0/audio = 2/'
	stop_pulse
	SW_BIN=$T/audio2 run sw -- xclock
	start_pulse
	echo "$output"
	[ "$status" -eq 69 ]
	grep -q '^skype-wrap: audio: your PulseAudio server did not answer (.*); sound is required$' <<<"$output"
	! ls -d /tmp/skype-wrap-pulse.* 2>/dev/null
	assert_clean
}

@test "--check says whether sound is optional, required or off" {
	run sw --check
	grep -Eq '^audio +ok +optional' <<<"$output"
	SW_BIN=$T/skype-wrap run sw --check
	grep -Eq '^audio +off ' <<<"$output"
}
