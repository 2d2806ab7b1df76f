import type { Catalogue } from "./en";

/**
 * Every message of en.ts in Korean, with the Korean terms of the book's chapter 4 (손실 함수,
 * 평균 제곱 오차, 교차 엔트로피 오차, 원-핫 인코딩, 정답 레이블, 미니배치, 수치 미분, 중심 차분,
 * 전방 차분, 기울기, 경사 하강법, 학습률). Code (np.sum, lr=0.1) stays as the learner types it.
 * Placeholders are never followed by a particle that depends on their last sound (이/가, 을/를).
 */
export const ko: Catalogue = {
  "grade.missing": "이 문제에 제출된 답이 없습니다.",
  "grade.correct": "정답입니다.",
  "grade.shape": "답의 형상은 {expected}이어야 하는데 {got}입니다.",
  "grade.shape-transposed": "답의 형상은 {expected}이어야 하는데 {got}입니다(전치된 것 같습니다).",
  "grade.elements": "원소 {total}개 중 {close}개가 허용 오차 안에 있습니다.",
  "grade.outside": "허용 오차를 벗어난 값: {value} (|answer - expected| <= atol + rtol * |expected|, rtol = {rtol}, atol = {atol}).",
  "grade.outside-at": "허용 오차를 벗어난 값: {index} 위치의 {value} (|answer - expected| <= atol + rtol * |expected|, rtol = {rtol}, atol = {atol}).",
  "grade.not-finite": "유한한 수가 와야 하는데 {value}입니다 (|answer - expected| <= atol + rtol * |expected|, rtol = {rtol}, atol = {atol}).",
  "grade.not-finite-at":
    "{index} 위치에 유한한 수가 와야 하는데 {value}입니다 (|answer - expected| <= atol + rtol * |expected|, rtol = {rtol}, atol = {atol}).",
  "grade.no-upload": '.npz 파일이 업로드되지 않았습니다(multipart 파일 필드 "{field}").',
  "grade.accuracy": "정확도 {accuracy} (채점용 숫자 이미지 {count}개): 배점의 {percent}%를 받습니다.",
  "grade.accuracy-next": "정확도 {accuracy}에 도달하면 {percent}%를 받습니다.",

  "statement.mse":
    "신경망의 출력 y와 원-핫 인코딩된 정답 레이블 t(정답은 {label})에 대해 평균 제곱 오차 mean_squared_error(y, t) = 0.5 * np.sum((y - t)**2)를 계산하세요. 답: 수 하나.",
  "statement.cross_entropy.one":
    "신경망의 출력 y와 원-핫 인코딩된 정답 레이블 t(정답은 {label})에 대해 교차 엔트로피 오차 cross_entropy_error(y, t) = -np.sum(t * np.log(y + delta))를 delta = 1e-7로 계산하세요. 답: 수 하나.",
  "statement.cross_entropy.batch-one-hot":
    "미니배치의 출력 y({batch} x {classes})와 원-핫 인코딩된 정답 레이블 t에 대해 배치용 교차 엔트로피 오차 cross_entropy_error를 계산하세요. log 안에 delta = 1e-7을 더하고, 배치 크기로 나눈 평균 -np.sum(...) / batch_size입니다. 답: 수 하나.",
  "statement.cross_entropy.batch-labels":
    "미니배치의 출력 y({batch} x {classes})와 정답 레이블 t(t[i]는 i번째 행의 정답 클래스 번호이며 원-핫 인코딩이 아님)에 대해 배치용 교차 엔트로피 오차 cross_entropy_error를 계산하세요. log 안에 delta = 1e-7을 더하고, 배치 크기로 나눈 평균 -np.sum(...) / batch_size입니다. 답: 수 하나.",
  "statement.softmax":
    "점수 x({rows} x {cols})에 대해 소프트맥스 함수 softmax(x)를 행마다 계산하세요(각 행의 합은 1). 점수가 크므로 np.exp 전에 각 행의 최댓값을 빼세요. 답: 행들의 리스트.",
  "statement.numerical_diff":
    "f(x) = {f} 일 때, 책의 numerical_diff(f, x)로 x = {x}에서의 수치 미분을 구하세요: 중심 차분 (f(x+h) - f(x-h)) / (2*h), h = 1e-4. 답: 수 하나.",
  "statement.numerical_gradient":
    "f(x) = {f} 일 때, 책의 numerical_gradient(f, x)로 x = {x}에서의 기울기를 구하세요(중심 차분, h = 1e-4). 점이 정수로 적혀 있으니 먼저 실수(float) 배열로 바꾸세요. 답: 수 2개의 리스트.",
  "statement.gradient_descent.x":
    "f(x) = {f}, init_x = {init_x} 일 때, 책의 gradient_descent(f, init_x, lr={lr}, step_num={step_num})로 경사 하강법을 실행하세요(numerical_gradient의 h = 1e-4, x -= lr * grad). 답: 최종 x, 수 2개의 리스트.",
  "statement.gradient_descent.history":
    "f(x) = {f}, init_x = {init_x} 일 때, 책의 gradient_descent(f, init_x, lr={lr}, step_num={step_num})로 경사 하강법을 실행하세요(numerical_gradient의 h = 1e-4, x -= lr * grad). 답: 갱신 기록 np.array(x_history) — 각 갱신 전의 x, 수 2개짜리 행 {step_num}개(첫 행은 init_x).",
  "statement.simple_net.loss":
    "책의 simpleNet을 net.W = W (2 x 3), x = {x}, t = 정답 {label}의 원-핫 인코딩으로 구성하세요. 답: net.loss(x, t) = cross_entropy_error(softmax(np.dot(x, W)), t), 수 하나.",
  "statement.simple_net.dW":
    "책의 simpleNet을 net.W = W (2 x 3), x = {x}, t = 정답 {label}의 원-핫 인코딩으로 구성하세요. 답: f = lambda w: net.loss(x, t)일 때 dW = numerical_gradient(f, net.W) (h = 1e-4), 2 x 3 행들의 리스트.",
  "statement.model_accuracy":
    "책의 코드로 신경망을 학습시키고(simple: W, b 또는 TwoLayerNet: W1, b1, W2, b2; 입력 784개, 클래스 10개) np.savez(f, **network.params)로 저장한 파일을 이 문제의 id와 같은 이름의 multipart 파일 필드로 업로드하세요. 채점용 시험 숫자 이미지로 평가합니다. 점수: {tiers}.",
  "statement.model_accuracy.tier": "정확도 >= {accuracy}: {percent}%",

  "mistake.mse.missing-half": "답이 평균 제곱 오차의 두 배입니다: 식은 0.5 * np.sum((y - t)**2)이고, 0.5가 빠졌습니다.",
  "label.mse.missing-half": "평균 제곱 오차에서 0.5를 빠뜨림",
  "mistake.mse.mean-instead-of-half-sum":
    "답이 np.mean((y - t)**2)입니다: 책의 평균 제곱 오차는 평균이 아니라 합의 절반, 0.5 * np.sum((y - t)**2)입니다.",
  "label.mse.mean-instead-of-half-sum": "0.5 * np.sum 대신 np.mean을 사용",

  "mistake.cross_entropy.no-delta":
    "답이 작은 delta 없이 np.log(y)로 계산한 값입니다: log(0)은 -inf이고, 0 * -inf는 nan입니다. log 안에 delta = 1e-7을 더하세요: np.log(y + delta).",
  "label.cross_entropy.no-delta": "np.log 안에 delta가 없음",
  "mistake.cross_entropy.missing-minus":
    "답의 부호가 반대입니다: 교차 엔트로피 오차는 -np.sum(t * np.log(y + delta))입니다. 확률의 로그는 음수입니다.",
  "label.cross_entropy.missing-minus": "마이너스 부호를 빠뜨림",
  "mistake.cross_entropy.summed-over-batch":
    "답이 배치 전체의 합입니다: batch_size(y.shape[0] = {batch})로 나누어 데이터 하나당 평균 손실을 구하세요.",
  "label.cross_entropy.summed-over-batch": "batch_size로 나누지 않음",
  "mistake.cross_entropy.label-onehot-confusion":
    "답은 원-핫 인코딩용 식 -np.sum(t * np.log(y + delta))을 정답 레이블에 그대로 적용한 값입니다: t에는 클래스 번호가 들어 있고, numpy가 이를 행마다 브로드캐스트했습니다. 레이블일 때는 각 행에서 정답의 확률을 고르세요: y[np.arange(batch_size), t].",
  "label.cross_entropy.label-onehot-confusion": "정답 레이블에 원-핫 인코딩용 식을 사용",

  "mistake.softmax.softmax-overflow":
    "np.exp가 오버플로해서 답에 nan(또는 inf)이 있습니다: exp(1000)은 inf이고, inf / inf는 nan입니다. 먼저 최댓값을 빼세요: np.exp(x - np.max(x, axis=-1, keepdims=True)). 결과는 달라지지 않습니다.",
  "label.softmax.softmax-overflow": "np.exp 오버플로(최댓값을 빼지 않음)",
  "mistake.softmax.softmax-whole-batch":
    "각 행의 합이 1이 아닙니다: 최댓값과 합을 배치 전체에서 구했습니다. axis=-1과 keepdims=True를 써서 행마다 따로 정규화하세요.",
  "label.softmax.softmax-whole-batch": "행마다가 아니라 배치 전체로 정규화",

  "mistake.numerical_diff.forward-difference":
    "답이 전방 차분 (f(x+h) - f(x)) / h입니다. 전방 차분의 오차는 h 정도이고, 중심 차분 (f(x+h) - f(x-h)) / (2*h)은 h**2 정도로 정확합니다.",
  "label.numerical_diff.forward-difference": "중심 차분 대신 전방 차분",
  "mistake.numerical_diff.tiny-h":
    "답이 0입니다: h = 1e-50이면 float64에서 x + h가 x로 반올림되어(반올림 오차) f(x+h) - f(x-h)가 0이 됩니다. h = 1e-4를 쓰세요.",
  "label.numerical_diff.tiny-h": "h가 너무 작음(1e-50)",

  "mistake.numerical_gradient.integer-input":
    "기울기가 정수 배열일 때 numpy가 내는 값입니다(np.array([3, 4])는 int64): x[idx] = tmp_val + h가 다시 정수로 잘리고 grad도 정수 배열이 됩니다. 먼저 실수로 바꾸세요: np.array(x, dtype=float).",
  "label.numerical_gradient.integer-input": "정수 배열(실수로 바꾸지 않음)",
  "mistake.numerical_gradient.forward-difference":
    "기울기를 전방 차분 (f(x+h) - f(x)) / h로 구했습니다. 책의 numerical_gradient는 중심 차분 (f(x+h) - f(x-h)) / (2*h)을 씁니다.",
  "label.numerical_gradient.forward-difference": "중심 차분 대신 전방 차분",
  "mistake.numerical_gradient.no-restore":
    "뒤쪽 편미분이 옮겨진 점에서 계산되었습니다: grad[idx]를 구한 뒤, 다음 원소로 넘어가기 전에 x[idx] = tmp_val로 값을 되돌리세요.",
  "label.numerical_gradient.no-restore": "x[idx]를 되돌리지 않음",
  "mistake.numerical_gradient.tiny-h": "기울기가 모두 0입니다: h = 1e-50이면 float64에서 x + h가 x로 반올림됩니다. h = 1e-4를 쓰세요.",
  "label.numerical_gradient.tiny-h": "h가 너무 작음(1e-50)",

  "mistake.gradient_descent.ascent":
    "x가 내려가지 않고 올라갑니다: 기울기는 함수의 값이 커지는 방향이므로 갱신은 x -= lr * grad입니다(기울기를 더했습니다).",
  "label.gradient_descent.ascent": "x += lr * grad (경사 상승)",
  "mistake.gradient_descent.default-lr": "기본 학습률 lr = 0.01을 썼습니다: 문제에 적힌 학습률(lr={lr})을 넘기세요.",
  "label.gradient_descent.default-lr": "기본 학습률 lr = 0.01을 사용",
  "mistake.gradient_descent.forward-difference":
    "기울기를 전방 차분 (f(x+h) - f(x)) / h로 구했습니다. 책의 numerical_gradient는 중심 차분을 씁니다.",
  "label.gradient_descent.forward-difference": "중심 차분 대신 전방 차분",
  "mistake.gradient_descent.history-after-step":
    "기록이 한 단계 밀려 있습니다: 갱신하기 전에 x.copy()를 x_history에 추가해서 첫 행이 init_x가 되게 하세요.",
  "label.gradient_descent.history-after-step": "갱신한 뒤의 x를 기록",
  "mistake.gradient_descent.history-not-copied":
    "기록의 모든 행이 최종 x입니다: x_history.append(x)는 같은 배열을 저장하고, x -= ...가 그 배열을 계속 바꿉니다. x.copy()를 추가하세요.",
  "label.gradient_descent.history-not-copied": ".copy() 없이 x를 추가",

  "mistake.simple_net.no-softmax":
    "손실이 가공하지 않은 점수 np.dot(x, W)의 교차 엔트로피 오차입니다: 먼저 소프트맥스 함수로 확률로 바꾸고(y = softmax(z)), 그다음 cross_entropy_error(y, t)를 구하세요.",
  "label.simple_net.no-softmax": "손실 함수 전에 소프트맥스를 빠뜨림",
  "mistake.simple_net.forward-difference": "dW를 전방 차분 (f(W+h) - f(W)) / h로 구했습니다. 책의 numerical_gradient는 중심 차분을 씁니다.",
  "label.simple_net.forward-difference": "중심 차분 대신 전방 차분",
  "mistake.simple_net.tiny-h": "dW가 모두 0입니다: h = 1e-50이면 float64에서 W + h가 W로 반올림됩니다. h = 1e-4를 쓰세요.",
  "label.simple_net.tiny-h": "h가 너무 작음(1e-50)",
  "mistake.simple_net.sign-flipped": "dW의 부호가 반대입니다: 기울기는 (f(W+h) - f(W-h)) / (2*h), 즉 손실 함수의 값이 커지는 방향입니다.",
  "label.simple_net.sign-flipped": "부호가 반대인 dW",

  "assignment.dlfs-ch04.title": "밑바닥부터 시작하는 딥러닝 4장: 신경망 학습",
  "assignment.dlfs-ch04.description":
    "이 장의 함수들을 numpy로 구현하고, 내 변형 문제의 입력에 대해 직접 짠 코드가 낸 결과로 답하세요 (GET /v1/assignments/dlfs-ch04/variant?student=YOUR_ID).",
  "assignment.dlfs-ch04.mse": "mean_squared_error (평균 제곱 오차)",
  "assignment.dlfs-ch04.cee": "cross_entropy_error (교차 엔트로피 오차), 데이터 하나",
  "assignment.dlfs-ch04.cee_batch_onehot": "cross_entropy_error, 원-핫 인코딩 정답의 미니배치",
  "assignment.dlfs-ch04.cee_batch_labels": "cross_entropy_error, 정답 레이블의 미니배치",
  "assignment.dlfs-ch04.softmax": "큰 점수의 소프트맥스 함수",
  "assignment.dlfs-ch04.numerical_diff": "numerical_diff (수치 미분)",
  "assignment.dlfs-ch04.numerical_gradient": "numerical_gradient (기울기)",
  "assignment.dlfs-ch04.descent_x": "gradient_descent (경사 하강법): 최종 x",
  "assignment.dlfs-ch04.descent_history": "gradient_descent (경사 하강법): x_history",
  "assignment.dlfs-ch04.simplenet_loss": "simpleNet: 손실 함수의 값",
  "assignment.dlfs-ch04.simplenet_dW": "simpleNet: dW",
  "assignment.dlfs-ch04.model": "학습한 신경망: 채점용 숫자 이미지의 정확도",
};
