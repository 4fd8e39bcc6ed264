"""Log a training run to an mnist-lab server from Python, with the standard library only, over its REST API.

    import mnist_lab
    run = mnist_lab.init(name='torch-mlp', config={'lr': 1e-3, 'hidden': [64, 32]})
    run.log({'batch/loss': 0.31}, step=120, epoch=1.4)       # buffered; sent in batches of many points
    run.finish(test_labels=predicted, test_confidences=confidence)  # the server derives accuracy and the gallery

The operations are described at <server>/api/openapi.json. Server and token default as the mnist-lab CLI's do:
MNIST_LAB_SERVER (else http://localhost:3000) and MNIST_LAB_TOKEN (else the token the server wrote into
$MNIST_LAB_HOME/token, ~/.mnist-lab/token, when it first started).
"""
import base64
import json
import math
import os
import platform
import re
import shlex
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

DEFAULT_SERVER = 'http://localhost:3000'
MAX_POINTS_PER_REQUEST = 10_000
NUM_CLASSES = 10
METRIC_NAME = re.compile(r'^[A-Za-z][A-Za-z0-9_./-]{0,63}$')
# Connection failures and "busy, retry" answers are retried: every write is idempotent (create and finish by the
# client's run id, points by (name, step)), so a request that reached the server before failing does no harm twice.
RETRY_DELAYS_S = (0.5, 1, 2, 4, 8)
RETRY_STATUSES = (429, 502, 503, 504)
HEARTBEAT_SECONDS = 2.0


class MnistLabError(Exception):
    """The server refused a request (the message is its one-line reason) or could not be reached."""


def _now():
    return datetime.now(timezone.utc).isoformat(timespec='milliseconds').replace('+00:00', 'Z')


def _default_token():
    if os.environ.get('MNIST_LAB_TOKEN', '').strip():
        return os.environ['MNIST_LAB_TOKEN'].strip()
    home = os.environ.get('MNIST_LAB_HOME') or os.path.join(os.path.expanduser('~'), '.mnist-lab')
    try:
        with open(os.path.join(home, 'token'), encoding='utf-8') as f:
            return f.read().strip() or None
    except OSError:
        return None


def _git_commit():
    """The commit of the repository the script runs in, if it runs in one."""
    try:
        out = subprocess.run(['git', 'rev-parse', 'HEAD'], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else None


class Client:
    """JSON over HTTP to <server>/api/v1, with retries; a 4xx raises MnistLabError with the server's reason."""

    def __init__(self, server, token, timeout=30):
        self.base = server.rstrip('/') + '/api/v1'
        self.token = token
        self.timeout = timeout

    def call(self, method, path, body=None, retry=True):
        data = None if body is None else json.dumps(body, allow_nan=False).encode('utf-8')
        headers = {'content-type': 'application/json', 'accept': 'application/json'}
        if self.token:
            headers['authorization'] = 'Bearer ' + self.token
        delays = RETRY_DELAYS_S if retry else ()
        for attempt in range(len(delays) + 1):
            req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as res:
                    return json.loads(res.read() or b'null')
            except urllib.error.HTTPError as e:
                reason = _reason(e)
                if e.code in RETRY_STATUSES and attempt < len(delays):
                    time.sleep(delays[attempt])
                    continue
                raise MnistLabError(f'{method} {path}: {e.code} {reason}') from None
            except (urllib.error.URLError, OSError) as e:
                if attempt < len(delays):
                    time.sleep(delays[attempt])
                    continue
                raise MnistLabError(f'{method} {path}: cannot reach {self.base}: {getattr(e, "reason", e)}') from None


def _reason(error):
    try:
        return json.loads(error.read()).get('message') or error.reason
    except (ValueError, AttributeError, OSError):
        return error.reason


def _as_list(values):
    """numpy arrays and torch tensors have tolist(); anything else iterable is taken as it is."""
    return values.tolist() if hasattr(values, 'tolist') else list(values)


def _floats_b64(values, field):
    values = [float(v) for v in values]
    if not all(0.0 <= v <= 1.0 for v in values):
        raise ValueError(f'{field}: every value must be a probability in [0, 1]')
    return base64.b64encode(struct.pack(f'<{len(values)}f', *values)).decode('ascii')


def predictions_payload(labels, confidences, probabilities=None, loss=None):
    """The `test` field of a finish: predicted labels as bytes, confidences (and all 10 probabilities) as float32 LE."""
    labels = bytes(labels) if isinstance(labels, (bytes, bytearray)) else bytes(int(v) for v in _as_list(labels))
    confidences = _as_list(confidences)
    if len(confidences) != len(labels):
        raise ValueError(f'test_confidences: {len(confidences)} values for {len(labels)} labels')
    test = {'labels': base64.b64encode(labels).decode('ascii'), 'confidences': _floats_b64(confidences, 'test_confidences')}
    if probabilities is not None:
        rows = _as_list(probabilities)
        flat = [p for row in rows for p in _as_list(row)] if rows and not isinstance(rows[0], (int, float)) else rows
        if len(flat) != len(labels) * NUM_CLASSES:
            raise ValueError(f'test_probabilities: {len(flat)} values for {len(labels)} labels x {NUM_CLASSES} classes')
        test['probabilities'] = _floats_b64(flat, 'test_probabilities')
    if loss is not None:
        test['loss'] = float(loss)
    return test


class Run:
    """One run's lifecycle: log queues points, finish or fail ends it exactly once. Also a context manager.

    With `background` (the default), a daemon thread sends the queued points every `flush_seconds` (at once when
    `flush_every` are waiting) and a heartbeat every 2 s, so `log` returns at once; points it could not send stay
    queued for its next round. Without it, `log` sends when due, on the caller's thread.
    """

    def __init__(self, client, run_id, server, flush_every=1000, flush_seconds=2.0, background=True):
        self.id = run_id
        self.url = f'{server.rstrip("/")}/runs/{run_id}'
        self._client = client
        self._points = []
        self._lock = threading.Lock()  # guards _points
        self._send_lock = threading.Lock()  # one sender at a time, so a batch is never sent twice at once
        self._next_step = 0
        self._flush_every = flush_every
        self._flush_seconds = flush_seconds
        self._last_flush = time.monotonic()
        self._ended = False
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = None
        if background:
            self._thread = threading.Thread(target=self._background, name='mnist-lab-sender', daemon=True)
            self._thread.start()

    def log(self, metrics, step=None, epoch=None):
        """Queues one point per metric at `step` (default: one past the last step) and `epoch` (fractional inside one)."""
        if self._ended:
            raise MnistLabError(f'run {self.id} has ended; nothing more can be logged')
        step = self._next_step if step is None else step
        if not isinstance(step, int) or isinstance(step, bool) or step < 0:
            raise ValueError(f'step: {step!r} is not an integer >= 0')
        if epoch is not None and not (isinstance(epoch, (int, float)) and math.isfinite(epoch) and epoch >= 0):
            raise ValueError(f'epoch: {epoch!r} is not a number >= 0')
        at = _now()
        points = []
        for name, value in metrics.items():
            if not isinstance(name, str) or not METRIC_NAME.match(name):
                raise ValueError(f'metric {name!r}: names are 1-64 characters: letters, digits, _ . / - (a letter first)')
            value = float(value)
            if not math.isfinite(value):
                raise ValueError(f'metric {name}: {value} is not a finite number')
            point = {'name': name, 'step': step, 'value': value, 'at': at}
            if epoch is not None:
                point['epoch'] = float(epoch)
            points.append(point)
        with self._lock:
            self._points.extend(points)
            self._next_step = max(self._next_step, step + 1)
            full = len(self._points) >= self._flush_every
            due = full or time.monotonic() - self._last_flush >= self._flush_seconds
        if self._thread is None and due:
            self.flush()
        elif full:
            self._wake.set()

    def flush(self):
        """Sends every queued point now, at most 10,000 per request; what could not be sent stays queued."""
        with self._send_lock:
            with self._lock:
                points, self._points = self._points, []
                self._last_flush = time.monotonic()
            for start in range(0, len(points), MAX_POINTS_PER_REQUEST):
                try:
                    self._client.call('POST', f'/runs/{self.id}/points', {'points': points[start:start + MAX_POINTS_PER_REQUEST]})
                except Exception:
                    with self._lock:
                        self._points[:0] = points[start:]
                    raise

    def finish(self, test_labels=None, test_confidences=None, test_probabilities=None, test_loss=None, best_epoch=None):
        """Ends the run as finished, with its predictions on the 10,000 MNIST test digits (in the files' order) if given."""
        body = {}
        if test_labels is not None:
            if test_confidences is None:
                raise ValueError('test_confidences: required with test_labels (the confidence of each predicted label)')
            body['test'] = predictions_payload(test_labels, test_confidences, test_probabilities, test_loss)
        if best_epoch is not None:
            body['bestEpoch'] = int(best_epoch)
        self._end('finish', body)

    def fail(self, message, status='failed'):
        """Ends the run as failed (or stopped), with a one-line reason."""
        self._end('end', {'status': status, 'error': str(message)[:10_000]})

    def _end(self, operation, body):
        if self._ended:
            raise MnistLabError(f'run {self.id} has already ended')
        self._ended = True
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
        # The run ends even when its last points cannot be sent; that failure is raised after the end is recorded.
        try:
            self.flush()
        finally:
            body['endedAt'] = _now()
            self._client.call('POST', f'/runs/{self.id}/{operation}', body)

    def _background(self):
        last_beat = 0.0
        while not self._stop.is_set():
            self._wake.wait(min(self._flush_seconds, HEARTBEAT_SECONDS))
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                if self._points:
                    self.flush()
                if time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
                    last_beat = time.monotonic()
                    self._client.call('POST', f'/runs/{self.id}/heartbeat', retry=False)
            except MnistLabError:
                pass  # The points stay queued for the next round; the server marks a run crashed only after a long silence.

    def __enter__(self):
        return self

    def __exit__(self, kind, error, _tb):
        if self._ended:
            return False
        if kind is None:
            self.finish()
        elif issubclass(kind, KeyboardInterrupt):
            self.fail('interrupted (Ctrl-C)', status='stopped')
        else:
            self.fail(f'{kind.__name__}: {error}'.splitlines()[0])
        return False


def init(name=None, config=None, server=None, token=None, tags=(), notes=None, backend=None, architecture=None,
         background=True, flush_every=1000, flush_seconds=2.0):
    """Creates a run on the server and returns it. `config` is any JSON object, stored as given; `background=False`
    sends no heartbeats and sends points on the caller's thread (see Run)."""
    server = server or os.environ.get('MNIST_LAB_SERVER', '').strip() or DEFAULT_SERVER
    token = token or _default_token()
    if not token:
        raise MnistLabError('no write token: pass token=..., set MNIST_LAB_TOKEN, or run on the server\'s machine (~/.mnist-lab/token)')
    client = Client(server, token)
    run_id = str(uuid.uuid4())
    body = {
        'id': run_id,
        'name': name or os.path.splitext(os.path.basename(sys.argv[0] or 'python'))[0] or 'python',
        'config': dict(config or {}),
        'backend': backend or f'python {platform.python_version()}',
        'host': socket.gethostname()[:255],
        'command': ' '.join(shlex.quote(a) for a in [os.path.basename(sys.executable)] + sys.argv)[:4096],
        'tags': list(tags),
        'startedAt': _now(),
    }
    commit = _git_commit()
    if commit:
        body['gitCommit'] = commit
    if notes is not None:
        body['notes'] = notes
    if architecture is not None:
        body['architecture'] = architecture
    try:
        json.dumps(body['config'], allow_nan=False)
    except (TypeError, ValueError) as e:
        raise ValueError(f'config: not a JSON object of finite numbers, strings, lists and objects ({e})') from None
    client.call('POST', '/runs', body)
    return Run(client, run_id, server, flush_every, flush_seconds, background)
