"""numpy's side of `npm run bench`: the book's code ("Deep Learning from Scratch" common/functions.py,
ch04/two_layer_net.py, ch04/train_neuralnet.py) on the weights and digits scripts/bench.mjs wrote.
Prints one JSON line. Usage: python3 bench/numpy_bench.py <dir> <steps> <runs>"""
import ctypes, glob, json, os, sys, time
import numpy as np

d, STEPS, RUNS = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
REPS = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {"predict10k": 15, "predict1": 3000, "sgdStep": 300}

# The book's code, shared with the fixture generators (fixtures/book.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from book import TwoLayerNet  # noqa: E402

def load(prefix):
    p = {k: np.fromfile(f"{d}/{prefix}{k}.f32", np.float32).astype(np.float64) for k in ("W1", "b1", "W2", "b2")}
    p["W1"] = p["W1"].reshape(784, 50); p["W2"] = p["W2"].reshape(50, 10)
    return p
def images(name, n): return np.fromfile(f"{d}/{name}", np.uint8).reshape(n, 784).astype(np.float32) / 255.0  # load_mnist(normalize=True)
def one_hot(name): return np.eye(10)[np.fromfile(f"{d}/{name}", np.uint8)]                                  # one_hot_label=True

x = images("x.u8", 10000)
x_train, t_train = images("train-x.u8", 8000), one_hot("train-t.u8")
x_test, t_test = images("test-x.u8", 2000), one_hot("test-t.u8")

def tm(f, reps, warm):
    for _ in range(warm): f()
    ts = []
    for _ in range(reps):
        s = time.perf_counter(); f(); ts.append(time.perf_counter() - s)
    return float(np.median(ts)) * 1e3

model = TwoLayerNet(load(""), "relu")
np.random.seed(1)
net = TwoLayerNet(load("init-"), "sigmoid")
def step(network, lr=0.1, batch_size=100):
    batch_mask = np.random.choice(x_train.shape[0], batch_size)
    grad = network.gradient(x_train[batch_mask], t_train[batch_mask])
    for key in ('W1', 'b1', 'W2', 'b2'):
        network.params[key] -= lr * grad[key]
def train():
    network = TwoLayerNet(load("init-"), "sigmoid")
    for i in range(STEPS): step(network)
    return network
out = {
    "predict10k": tm(lambda: model.predict(x), REPS["predict10k"], 3),
    "predict1": tm(lambda: model.predict(x[:1]), REPS["predict1"], 200),
    "sgdStep": tm(lambda: step(net), REPS["sgdStep"], 20),
}
ts = []
for _ in range(RUNS):
    s = time.perf_counter(); trained = train(); ts.append(time.perf_counter() - s)
    accs = (trained.accuracy(x_train, t_train), trained.accuracy(x_test, t_test))  # the book's per-epoch check, once at the end
    ts[-1] = time.perf_counter() - s
out["steps"] = {"ms": float(np.median(ts)) * 1e3, "steps": STEPS, "runs": RUNS, "trainAccuracy": accs[0], "testAccuracy": accs[1]}

# Which OpenBLAS kernel numpy runs (threadpoolctl is not installed; ask the library itself).
blas = {"numpy": np.__version__}
try:
    cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    blas["blas"] = f'{cfg.get("name")} {cfg.get("version")}'
except Exception as e:  # older numpy
    blas["blas"] = f"unknown ({e})"
for lib in sorted({l.split()[-1] for l in open("/proc/self/maps") if "openblas" in l.lower() and l.strip().endswith(".so")}):
    so = ctypes.CDLL(lib)
    for corename, config, threads in (("scipy_openblas_get_corename64_", "scipy_openblas_get_config64_", "scipy_openblas_get_num_threads64_"),
                                      ("openblas_get_corename", "openblas_get_config", "openblas_get_num_threads")):
        if hasattr(so, corename):
            getattr(so, corename).restype = ctypes.c_char_p
            getattr(so, config).restype = ctypes.c_char_p
            blas["corename"] = getattr(so, corename)().decode()
            blas["config"] = getattr(so, config)().decode().strip()
            blas["threads"] = getattr(so, threads)()
            break
blas["env"] = {k: os.environ[k] for k in os.environ if k.startswith("OPENBLAS") or k.endswith("NUM_THREADS")}
out["blas"] = blas
print(json.dumps(out))
