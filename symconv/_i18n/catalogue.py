"""The Chinese catalogue data: English source sentence -> Chinese, in the seed notes' terms.

The lookup logic is in :mod:`symconv._i18n`; add an entry here for every new sentence of prose.
"""

#: English prose -> Chinese, keyed as :func:`translate` looks it up.
ZH: dict = {
    'From a fully connected layer to a convolution (2-D)': '从全连接层到卷积（二维）',
    'Two principles turn a fully connected layer into a convolution layer: translation invariance and '
    'locality. Each step below states its relations, why they hold, and how many free weights remain.':
        '两个原则把全连接层变成卷积层：平移不变性和局部性。下面每一步都给出它的关系式、成立的理由，以及还剩多少个自由权重。',
    'A fully connected layer between images': '图像之间的全连接层',
    "Keep the input {X} and the hidden representation {h} with the image's spatial axes instead of "
    'flattening them into vectors. A fully connected layer has one weight for every pair of an output '
    'position {out} and an input position {inp}, so its weights {W} form a tensor with twice as many '
    'axes as the image, and {u} holds one bias per output position. An image of {pixels} pixels needs '
    '{count} weights; with {c_in} input and {c_out} output channels, {c_in_c_out} times as many.':
        '让输入 {X} 和隐藏表示 {h} 保留图像的空间维度（高、宽），而不是把它们展平成向量。全连接层为每一对输出位置 {out} 和输入位置 '
        '{inp} 各设一个权重，所以权重 {W} 是一个维数为图像两倍的张量，{u} 为每个输出位置保存一个偏置。一张 {pixels} 个像素的'
        '图像需要 {count} 个权重；若有 {c_in} 个输入通道和 {c_out} 个输出通道，还要再乘以 {c_in_c_out}。',
    'Free weights: {count}.': '自由权重：{count}。',
    'Re-indexing by offsets': '按偏移量重新索引',
    'Write each input position {inp} as the output position {out} plus an offset {tap}. For a fixed '
    'output position this is a bijection between input positions and offsets (the second and third '
    'relations are inverse to each other), so {V} is only a renaming of the entries of {W}: every weight '
    'of one is exactly one weight of the other. The layer is unchanged, nothing is lost, and the sum now '
    'runs over offsets.':
        '把每个输入位置 {inp} 写成输出位置 {out} 加上偏移量 {tap}。对固定的输出位置，这是输入位置与偏移量之间的一一对应（第二、'
        '第三个关系式互为逆映射），所以 {V} 只是 {W} 各元素的重新命名：一方的每个权重恰好是另一方的一个权重。'
        '这一层没有任何改变，什么也没有丢失，只是求和改为对偏移量进行。',
    'Principle 1: translation invariance': '原则一：平移不变性',
    'Shifting the input {X} should shift the hidden representation {h} and change nothing else, so the '
    'weight that looks at offset {tap} must not depend on the output position {out}: {V} keeps only the '
    'offset indices and the bias {u} becomes one number. One weight per offset is left, and offsets on '
    'an axis of {n} positions take {offsets} values. The layer is now a cross-correlation over the whole '
    'image.':
        '输入 {X} 的平移应当只导致隐藏表示 {h} 的平移，而不改变其他任何东西，所以看向偏移量 {tap} 的权重不应依赖于输出位置 {out'
        '}：{V} 只保留偏移量的下标，偏置 {u} 变成一个数。每个偏移量只剩一个权重；在有 {n} 个位置的轴上，'
        '偏移量共有 {offsets} 种取值。此时这一层就是在整幅图像上的二维互相关。',
    'Principle 2: locality': '原则二：局部性',
    'To compute {h_out} the layer should not look far from {X_out}: set {V} to zero for every offset '
    'larger than {delta} on some axis. Positions outside the image hold no input, which the second '
    "relation states as zeros: zero padding by {delta} on every side, so the output keeps the image's "
    'size. What remains is a cross-correlation of {X} with a kernel of width {width} on each axis: a '
    'convolution layer with {count} weights, however large the image.':
        '计算 {h_out} 时，不应使用远离 {X_out} 的参数：只要某个轴上的偏移量大于 {delta}，就令 {V} 为零。'
        '图像之外的位置没有输入，第二个关系式把它们记为零：每边各填充 {delta} 个零，输出因此保持图像的尺寸。剩下的就是 {X} 与每个轴上宽'
        '为 {width} 的卷积核的互相关：一个有 {count} 个权重的卷积层，无论图像多大。',
    'Parameter counts side by side': '参数量对比',
    'The fully connected layer from {c_in} to {c_out} channels of the same size needs {fc} weights, the '
    'convolution {conv}: a kernel of {kernel} weights per pair of input and output channel, independent '
    "of the image size. The notes' example: a camera image with {values} RGB values into a single hidden "
    'layer of {units} units needs {example_fc_value} weights, while a convolution from its {three} '
    'channels to {units} channels needs {conv_example}, for {delta_one} only {example_conv_value}.':
        '从 {c_in} 个通道到 {c_out} 个同尺寸通道，全连接层需要 {fc} 个权重，卷积只需要 {conv}：'
        '每一对输入、输出通道一个含 {kernel} 个权重的卷积核，与图像大小无关。笔记中的例子：一张有 {values} 个 RGB 值的相机照'
        '片，接到只有 {units} 个单元的单隐藏层，就需要 {example_fc_value} 个权重；而从它的 {three} 个通道到 {'
        'units} 个通道的卷积需要 {conv_example} 个，当 {delta_one} 时只有 {example_conv_value'
        '} 个。',
    'Cross-correlation and convolution': '互相关与卷积',
    'What deep-learning libraries call convolution is cross-correlation: the kernel slides over the '
    'input without being flipped. True convolution flips it. Seed notes 001 (9.2) and 003 (section 2) '
    'tell the two apart; here each form comes from SymPy and each claim is checked.':
        '深度学习框架所说的卷积其实是互相关（交叉相关）：卷积核在输入上滑动，不做翻转。严格意义上的卷积要把核翻转。笔记 001（9.2 节）'
        '和 003（第 2 节）区分了二者；这里每个式子都来自 SymPy，每个结论都经过检验。',
    'Two-dimensional cross-correlation': '二维互相关',
    'The output at {ij} is the sum of the kernel {W} times the window of the input {X} that starts '
    'there: multiply corresponding entries and add. An input of size {n} and a kernel of size {k} give '
    'an output of size {o} (from the geometry); the bias {b} is added to every output, and the kernel '
    'and the bias are what the layer learns. The kernel size is a hyperparameter.':
        '位置 {ij} 处的输出，是卷积核 {W} 与输入 {X} 中从该处开始的窗口逐元素相乘再求和：对应位置分别相乘再相加。'
        '尺寸为 {n} 的输入与尺寸为 {k} 的卷积核得到尺寸为 {o} 的输出（由几何给出）；偏置 {b} 加到每个输出上，'
        '卷积核和偏置是这一层要学习的参数。卷积核的大小是超参数。',
    "The notes' example": '笔记中的例子',
    "Each output multiplies the four entries of its window by the kernel's and adds them: the four sums "
    "of seed note 001, computed here by symconv's cross-correlation.":
        '每个输出把窗口中的四个元素与卷积核的对应元素相乘再相加：这就是笔记 001 中的四个算式，这里由 symconv 的互相关计算得出。',
    'True convolution flips the kernel': '严格意义上的卷积要翻转卷积核',
    'True convolution reads the kernel backwards, {Wflip}: it is the cross-correlation with the kernel '
    'flipped along every axis, so on the same example it gives other numbers. A layer learns its kernel '
    'either way -- a kernel learned by one is the flipped kernel of the other -- so deep-learning '
    'libraries compute cross-correlation and call it convolution.':
        '严格意义上的卷积反向读取卷积核，即 {Wflip}：它等于把卷积核沿每个轴翻转后的互相关，因此在同一个例子上会得到不同的数。'
        '无论哪一种，这一层都能学到它的卷积核——一方学到的核正是另一方的核翻转过来——所以深度学习框架计算的是互相关，'
        '却称之为卷积。',
    'Only true convolution commutes': '只有严格意义上的卷积满足交换律',
    'Flipping is what makes true convolution commutative and associative, as in mathematics (seed note '
    '003, section 2): in full mode the roles of input and kernel can be swapped. Cross-correlation has '
    'neither property, which does not matter for a layer that learns its kernel.':
        '正是翻转使严格意义上的卷积像数学中一样满足交换律和结合律（笔记 003 第 2 节）：在 full 模式下，输入和卷积核的角色可以互换。'
        '互相关两者都不满足，但这对一个学习自身卷积核的层来说无关紧要。',
    'One and three dimensions': '一维与三维',
    'The same sum runs over one axis for text, speech and time series, and over three for video, medical '
    'volumes and weather maps (seed note 001, 9.2.3).':
        '同样的求和，对文本、语音和时间序列沿一个轴进行，对视频、医学图像和气象地图沿三个轴进行（笔记 001，9.2.3 节）'
        '。',
    'Shape arithmetic: the 15 relationships of the convolution-arithmetic guide': '形状算术：卷积算术指南中的 15 个关系式',
    "Dumoulin and Visin's *A guide to convolution arithmetic for deep learning* (arXiv:1603.07285) "
    'derives the output size of convolution, pooling and transposed convolution case by case. Here are '
    "its 15 relationships as SymPy equations with their conditions, each checked against symconv's one "
    'geometry. Along one axis, {$1} is the input size, {$2} the kernel size, {$3} the stride, {$4} the '
    'zero padding on each side, {$5} the dilation and {$6} the output size; primed letters belong to a '
    'transposed convolution, whose input {$7} is the output of the direct convolution it is associated '
    'with. The geometry (`symconv.Geometry`) computes every output size from one formula, {general}, and '
    'for a transposed convolution with {$8} (`output_padding`) extra cells at the end, {general_t}. Each '
    'relationship is proved equal to it under its conditions with SymPy and compared with '
    '`conv_output_size`, `pool_output_size` or `conv_transpose_output_size` on every integer '
    'configuration with {$9}, {$10}, {$11} (and {$12} for dilation) that meets its conditions; a '
    "transposed relationship must moreover give back the direct convolution's input size {$13}.":
        'Dumoulin 和 Visin 的《A guide to convolution arithmetic for deep learning'
        '》（arXiv:1603.07285）逐一推导了卷积、池化和转置卷积的输出尺寸。这里把它的 15 个关系式写成带条件的 SymPy 等式，'
        '每一个都与 symconv 唯一的几何对象相互核对。沿一个轴，{$1} 是输入尺寸，{$2} 是卷积核大小，{$3} 是步幅，'
        '{$4} 是每一边的零填充，{$5} 是膨胀率，{$6} 是输出尺寸；带撇号的字母属于转置卷积，它的输入 {$7} 就是与之对应的直接卷积的'
        '输出。几何对象（`symconv.Geometry`）用同一个公式计算所有输出尺寸：{general}；对于在末端多出 {$8} 个单元（`'
        'output_padding`）的转置卷积，则是 {general_t}。每个关系式都用 SymPy 证明在其条件下与该公式相等，'
        '并在满足条件的每个整数配置上（{$9}，{$10}，{$11}，膨胀卷积另加 {$12}）与 `conv_output_size`、'
        '`pool_output_size` 或 `conv_transpose_output_size` 比较；转置卷积的关系式还必须还原出直接卷'
        '积的输入尺寸 {$13}。',
    'No zero padding, unit strides': '无零填充，单位步幅',
    'For any {$1} and {$2}, with unit strides ({$3}) and no zero padding ({$4}).':
        '对任意 {$1} 和 {$2}，步幅为 1（{$3}）且没有零填充（{$4}）。',
    'Checked: proved symbolically; in {cases} integer configurations the formula gives the number of windows '
    'counted by sliding one.':
        '已验证：符号证明成立；在 {cases} 个整数配置上，公式给出的都是逐个滑动窗口数出的窗口个数。',
    "The convolution-arithmetic guide's configuration {name}, animated by symconv.":
        '卷积算术指南中的配置 {name}，由 symconv 生成的动画。',
    "The convolution-arithmetic guide's configuration {name}: key frames of symconv's animation.":
        '卷积算术指南中的配置 {name}：symconv 动画的关键帧。',
    'Zero padding, unit strides': '零填充，单位步幅',
    'For any {$1}, {$2} and {$3}, with unit strides ({$4}).': '对任意 {$1}、{$2} 和 {$3}，步幅为 1（{$4}）。',
    'Half (same) padding': '一半（same）填充',
    'For any {$1} and an odd {$2} ({$3}, {$4}), with {$5} and {$6}: the output is as large as the input.':
        '对任意 {$1} 和奇数 {$2}（{$3}，{$4}），取 {$5} 且 {$6}：输出与输入一样大。',
    'Full padding': '全填充',
    'For any {$1} and {$2}, with {$3} and {$4}: every partial or complete overlap of kernel and input '
    'counts, so the output grows.':
        '对任意 {$1} 和 {$2}，取 {$3} 且 {$4}：卷积核与输入的每一次部分或完全重叠都计入，因此输出变大。',
    'No zero padding, non-unit strides': '无零填充，非单位步幅',
    'For any {$1}, {$2} and {$3}, with no zero padding ({$4}); the floor accounts for a last step that '
    'may not reach the end of the input.':
        '对任意 {$1}、{$2} 和 {$3}，没有零填充（{$4}）；向下取整处理了最后一步可能到不了输入末端的情形。',
    'Zero padding, non-unit strides': '零填充，非单位步幅',
    'For any {$1}, {$2}, {$3} and {$4} (the most general case without dilation).':
        '对任意 {$1}、{$2}、{$3} 和 {$4}（不含膨胀时最一般的情形）。',
    'Pooling': '池化',
    'For any {$1}, {$2} and {$3}: pooling slides a window like a convolution without zero padding, '
    'whatever the pooling function.':
        '对任意 {$1}、{$2} 和 {$3}：池化像不带零填充的卷积一样滑动窗口，与池化函数是什么无关。',
    'No zero padding, unit strides, transposed': '无零填充，单位步幅，转置',
    'A convolution with {$1}, {$2} and kernel {$3} has an associated transposed convolution with {$4}, '
    '{$5} and {$6} (full padding).':
        '一个 {$1}、{$2}、卷积核为 {$3} 的卷积，对应一个 {$4}、{$5}、{$6} 的转置卷积（全填充）'
        '。',
    'Zero padding, unit strides, transposed': '零填充，单位步幅，转置',
    'A convolution with {$1}, kernel {$2} and padding {$3} has an associated transposed convolution with '
    '{$4}, {$5} and {$6}.':
        '一个 {$1}、卷积核为 {$2}、填充为 {$3} 的卷积，对应一个 {$4}、{$5}、{$6} 的转置卷积。',
    'Half (same) padding, transposed': '一半（same）填充，转置',
    'A convolution with {$1} ({$2}), {$3} and {$4} has an associated transposed convolution with {$5}, '
    '{$6} and {$7}: half padding again.':
        '一个 {$1}（{$2}）、{$3} 且 {$4} 的卷积，对应一个 {$5}、{$6}、{$7} 的转置卷积：'
        '仍然是一半填充。',
    'Full padding, transposed': '全填充，转置',
    'A convolution with {$1}, kernel {$2} and {$3} has an associated transposed convolution with {$4}, '
    '{$5} and {$6}: no padding.':
        '一个 {$1}、卷积核为 {$2} 且 {$3} 的卷积，对应一个 {$4}、{$5}、{$6} 的转置卷积：'
        '没有填充。',
    'No zero padding, non-unit strides, transposed': '无零填充，非单位步幅，转置',
    'A convolution with {$1}, kernel {$2} and stride {$3}, whose input size makes {$4} a multiple of '
    '{$5}, has an associated transposed convolution over the stretched input {$6} ({$7} zeros inserted '
    'between input units) with {$8}, {$9} and {$10}.':
        '一个 {$1}、卷积核为 {$2}、步幅为 {$3} 的卷积，若输入尺寸使 {$4} 是 {$5} 的倍数，则对应一个作用在拉伸输入 {$6'
        '}（输入单元之间插入 {$7} 个零）上的转置卷积，其中 {$8}、{$9}、{$10}。',
    'Zero padding, non-unit strides, transposed': '零填充，非单位步幅，转置',
    'A convolution with kernel {$1}, stride {$2} and padding {$3}, whose input size makes {$4} a '
    'multiple of {$5}, has an associated transposed convolution over the stretched input {$6} with {$7}, '
    '{$8} and {$9}.':
        '一个卷积核为 {$1}、步幅为 {$2}、填充为 {$3} 的卷积，若输入尺寸使 {$4} 是 {$5} 的倍数，'
        '则对应一个作用在拉伸输入 {$6} 上的转置卷积，其中 {$7}、{$8}、{$9}。',
    'Zero padding, non-unit strides, transposed, any input size': '零填充，非单位步幅，转置，任意输入尺寸',
    'A convolution with kernel {$1}, stride {$2} and padding {$3} has an associated transposed '
    'convolution over the stretched input {$4} with {$5}, {$6}, {$7} and {$8} extra zeros at the bottom '
    'and right edges, which tells apart the {$9} input sizes that share one output size.':
        '一个卷积核为 {$1}、步幅为 {$2}、填充为 {$3} 的卷积，对应一个作用在拉伸输入 {$4} 上的转置卷积，'
        '其中 {$5}、{$6}、{$7}，并在底部和右侧边缘多补 {$8} 个零；它区分了共用同一输出尺寸的 {$9} 种输入尺寸。',
    'Dilated convolutions': '空洞卷积（膨胀卷积）',
    'For any {$1}, {$2}, {$3} and {$4} and a dilation rate {$5}: the kernel acts as one of effective '
    'size {$6}.':
        '对任意 {$1}、{$2}、{$3}、{$4} 和膨胀率 {$5}：卷积核的作用相当于有效大小为 {$6} 的核。',
    "The guide's animations": '指南中的动画',
    "Output sizes symconv computes for the configurations the guide animates (they equal the guide's), "
    'and the transposed convolution that takes {back} back to {i} with {a}.':
        'symconv 为指南中做成动画的各个配置计算的输出尺寸（与指南一致），以及把 {back} 还原为 {i} 的转置卷积，'
        '其中 {a}。',
    'animation': '动画',
    'relationship': '关系式',
    'transposed relationship': '转置的关系式',
    'Padding, stride and dilation': '填充、步幅与膨胀',
    "Padding, stride and dilation change where the kernel's window sits; every output size below comes "
    'from the one geometry symconv uses everywhere (`symconv.Geometry`). Seed notes 002 (6.3) and 003 '
    '(sections 5 and 10).':
        '填充、步幅和膨胀改变的是卷积核窗口所处的位置；下面每个输出尺寸都来自 symconv 处处使用的同一个几何对象（`symconv.Geome'
        'try`）。参见笔记 002（6.3 节）和 003（第 5、10 节）。',
    'Zero padding': '零填充',
    'Padding adds {p} zeros on each side of the input, so that the kernel can also be centred on the '
    "border cells and the border is not lost; PyTorch's `padding=1` adds one row above and one below. An "
    'odd kernel {k_odd} with {p_n} keeps the size, which is why odd kernels are the usual choice: both '
    'sides get the same padding.':
        '填充在输入的每一边加上 {p} 个零，使卷积核也能以边界上的单元为中心，边界信息不至于丢失；PyTorch 中 `padding=1` 表示上下'
        '各加一行。奇数卷积核 {k_odd} 配合 {p_n} 可以保持尺寸不变，这就是卷积核常选奇数的原因：两边可以填充得一样多。',
    'Stride': '步幅',
    'The stride {s} moves the window {s} cells at a time, for inputs whose full resolution is redundant. '
    'A strided convolution is the stride-1 convolution read every {s} outputs; the floor drops a last '
    'window that would run past the end.':
        '步幅 {s} 让窗口每次移动 {s} 格，用于处理原始分辨率十分冗余的输入。带步幅的卷积相当于步幅为 1 的卷积每隔 {s} 个输出取一个；'
        '向下取整舍去了会越过末端的最后一个窗口。',
    'Dilation': '膨胀',
    'Dilation {d} spreads the taps {d} cells apart, with {holes} holes between them, to see further with '
    'the same weights: a dilated (atrous) convolution is an ordinary one with a zero-inserted kernel of '
    'effective size {k_hat}; with {d_one} it is the standard convolution.':
        '膨胀率 {d} 让卷积核的各个抽头相隔 {d} 格，中间留出 {holes} 个空洞，用同样多的权重看得更远：'
        '空洞卷积（膨胀卷积）就是用插零后的卷积核做普通卷积，其有效大小为 {k_hat}；当 {d_one} 时它就是标准卷积。',
    'All three at once': '三者同时作用',
    'One formula of the geometry covers padding, stride and dilation together. The table gives it for '
    "the guide's configurations; each size is also the shape symconv's convolution returns.":
        '几何对象的同一个公式同时涵盖填充、步幅和膨胀。表中给出指南各配置下的结果；每个尺寸也正是 symconv 的卷积实际返回的形状。',
    "The second line is the guide's way of writing it; with the numbers of a layer put in, as for {$1}, {$2}, "
    '{$3} on the last lines and in the table, it shows where each number goes, while SymPy simplifies it '
    '(`symconv.shapes.guide_form` gives the one, `symconv.conv_output_size` the other).':
        '第二行是指南的写法；代入某一层的数值之后（如最后几行和表中的 {$1}、{$2}、{$3}），它显示出每个数的位置，'
        '而 SymPy 会把它化简（前者由 `symconv.shapes.guide_form` 给出，后者由 `symconv.conv_output_size` 给出）。',
    "the guide's form": '指南的写法',
    'Dilation grows the receptive field fast': '膨胀让感受野快速增长',
    'Stacking 3-tap convolutions with dilations 1, 2, 4, ... makes each layer double the span of the '
    'receptive field and add one, {step}: {L} layers span {rf} inputs, every one of which counts, with only '
    '{w} weights.':
        '把膨胀率为 1、2、4、… 的 3 抽头卷积堆叠起来，每一层都使感受野的跨度翻倍再加一，即 {step}：{L} 层跨越 {rf} 个输入，'
        '其中每一个都起作用，却只有 {w} 个权重。',
    'Dilations 1, 2, 4: the top unit sees all 15 inputs.': '膨胀率 1、2、4：顶层单元能看到全部 15 个输入。',
    'dilations 1, 2, 4': '膨胀率 1、2、4',
    'Channels and the 1x1 convolution': '通道与 1x1 卷积',
    'Images have channels -- red, green and blue, or the feature maps of the layer below -- and a '
    'convolution layer mixes them. Seed notes 002 (6.4) and 003 (sections 5 and 6).':
        '图像有通道——红、绿、蓝，或者下一层的各个特征图——卷积层把它们混合起来。参见笔记 002（6.4 节）和 003（第 5、'
        '6 节）。',
    'Several input channels': '多输入通道',
    'Each input channel has its own 2-D kernel; one output channel sums the cross-correlations over all '
    '{C} input channels. The last line writes out one output of a 2-channel 3x3 input with 1x2 kernels: '
    'four products, two per channel.':
        '每个输入通道都有自己的二维卷积核；一个输出通道把 {C} 个输入通道上的互相关结果相加。最后一行写出了两通道 3x3 输入、'
        '1x2 卷积核时的一个输出：四个乘积，每个通道两个。',
    'Several output channels': '多输出通道',
    'Stacking {c_out} such kernels gives {c_out} output channels, each responding to a different feature '
    "(seed note 002, 6.4): the kernel tensor has the shape below, PyTorch's {$1}. "
    'With one bias per output channel the layer has {P} parameters and costs {M} multiply-accumulates on '
    'a map of size {HW} with same padding. Spatial resolution is often traded for more channels.':
        '把 {c_out} 个这样的卷积核叠起来就得到 {c_out} 个输出通道，每个通道响应不同的特征（笔记 002，'
        '6.4 节）：卷积核张量的形状如下，即 PyTorch 的 {$1}。每个输出通道再加一个偏置，'
        '这一层共有 {P} 个参数，在尺寸为 {HW} 的特征图上做 same 填充时需要 {M} 次乘加。常常通过降低空间分辨率来换取更多的通道。',
    'The 1x1 convolution': '1x1 卷积',
    'With a 1x1 kernel each output pixel is a linear combination of the {c_in} values at the same pixel: '
    'a fully connected layer over the channels, applied at every position with shared weights. It '
    'changes the number of channels cheaply and cuts the cost of the layers after it (seed note 003, '
    'section 6).':
        '1x1 卷积核的每个输出像素，是同一像素处 {c_in} 个值的线性组合：它是在每个位置上共享权重的、作用于通道的全连接层。'
        '它能以很低的代价改变通道数，并降低后续各层的计算量（笔记 003，第 6 节）。',
    'layer on a 56x56 map': '56x56 特征图上的层',
    'params': '参数量',
    'MACs': '乘加次数',
    'Input, weight and output axes of 1-D, 2-D and 3-D convolution': '一维、二维和三维卷积的输入、权重与输出的维数',
    'Seed note 003, section 13 asks how many axes the input and the weight of a 3-D convolution have, and of a '
    '1-D one. In the PyTorch/ONNX layout every case has two leading axes (batch and channels for the input and '
    'output, output and input channels for the weight) followed by the spatial axes.':
        '笔记 003 第 13 节问：工程上三维卷积的输入（input）和权重（weight）分别是几维的？一维卷积又如何？在 PyTorch/ONNX '
        '的布局中，每种情形都先有两个维度（输入和输出是批量和通道，权重是输出通道和输入通道），其后才是各个空间维度。',
    '1-D convolution (text, audio, time series)': '一维卷积（文本、音频、时间序列）',
    '2-D convolution (images)': '二维卷积（图像）',
    '3-D convolution (video, volumes)': '三维卷积（视频、三维体数据）',
    'Input and output have {rank} axes (batch, channels and {ndim} spatial); so has the weight (output channels, '
    'input channels per group and {ndim} kernel extents).':
        '输入和输出都是 {rank} 维张量（批量、通道和 {ndim} 个空间维度）；权重也一样（输出通道、每组的输入通道和 {ndim} '
        '个卷积核尺寸）。',
    'Pooling summarises each window by its maximum or its mean. Every expression below is written out by '
    'symconv from the pooling geometry.':
        '池化用窗口内的最大值或平均值来概括每个窗口。下面的每个表达式都由 symconv 根据池化的几何写出。',
    'Max pooling': '最大池化',
    'Each output is the largest value of its window; a 2x2 window with stride 2 reads every input once '
    'and halves each side of a 4x4 map. Pooling has nothing to learn. It makes the layer less sensitive '
    'to where exactly a feature appears, and downsamples the representation (seed note 002, 6.5).':
        '每个输出是其窗口中的最大值；步幅为 2 的 2x2 窗口恰好把每个输入读一次，把 4x4 特征图的每一边减半。'
        '池化没有要学习的参数。它降低了这一层对特征确切位置的敏感性，并对表示进行降采样（笔记 002，6.5 节）。',
    'Average pooling is a convolution': '平均池化是一种卷积',
    'Average pooling is the per-channel convolution with the constant kernel that weights every cell of '
    "the window equally, with the pooling's stride.":
        '平均池化就是对每个通道分别用常数卷积核做卷积，这个核对窗口内每个单元赋予相同的权重，步幅与池化相同。',
    'Output size': '输出尺寸',
    'The window slides like a convolution without padding, so the size is relationship 7 of the guide. '
    "PyTorch's ceil_mode rounds up instead, keeping a last partial window as long as it starts inside "
    'the input or the left padding.':
        '窗口像不带填充的卷积一样滑动，所以尺寸由指南的关系式 7 给出。PyTorch 的 ceil_mode 则向上取整，'
        '只要最后一个不完整的窗口从输入内部或左侧填充内开始，就保留它。',
    'Global pooling': '全局池化',
    'Global average pooling reduces each channel to its mean: one window covering the whole map.':
        '全局平均池化把每个通道归约为它的平均值：一个覆盖整个特征图的窗口。',
    'Group and separable convolutions': '分组卷积与可分离卷积',
    'Group, depthwise-separable and spatially separable convolutions give up some freedom of the kernel '
    'for far fewer parameters and multiply-accumulates (seed note 003, sections 7-9).':
        '分组卷积、深度可分离卷积和空间可分离卷积放弃了卷积核的一部分自由度，换来少得多的参数和乘加次数（笔记 003，'
        '第 7-9 节）。',
    'Group convolution': '分组卷积',
    'The input channels are split into {g} groups and each group of kernels sees only its own slice -- '
    "AlexNet's way of fitting the network on two GPUs (seed note 003, section 7). The input is split "
    'along its channel axis, the kernels along their output-channel axis, so each kernel has {per_group} '
    'input channels; the output has the shape of the ungrouped layer, and parameters and '
    'multiply-accumulates are divided by {g}.':
        '输入通道被分成 {g} 组，每组卷积核只看到自己那一部分——这是 AlexNet 为了把网络放进两块 GPU 而采用的办法（笔记 003，'
        '第 7 节）。输入沿通道维度分组，卷积核沿输出通道维度分组，因此每个卷积核有 {per_group} 个输入通道；'
        '输出形状与不分组时相同，参数量和乘加次数都除以 {g}。',
    'Full convolution': '标准卷积',
    'Every one of the {hw} outputs of each of {c_out} channels sums {k2} taps over {c_in} input channels.':
        '{c_out} 个通道中每个通道的 {hw} 个输出，都要在 {c_in} 个输入通道上对 {k2} 个抽头求和。',
    'Depthwise then pointwise': '先深度卷积，再逐点卷积',
    'The depthwise stage (groups = {c_in}) filters each channel alone; the 1x1 stage mixes channels.':
        '深度卷积阶段（groups = {c_in}）对每个通道单独滤波；1x1 阶段负责混合通道。',
    'Cost ratio': '计算量之比',
    'With {c_out} = 256 and 3x3 kernels the separable layer costs about {example} of the full one.':
        '当 {c_out} = 256、卷积核为 3x3 时，可分离层的计算量约为标准层的 {example}。',
    'Spatially separable kernels': '空间可分离的卷积核',
    'A rank-1 kernel {uv} runs as a column pass and a row pass: {sum} instead of {prod} MACs per output.':
        '秩为 1 的卷积核 {uv} 可以拆成一次按列和一次按行的计算：每个输出需要 {sum} 次而不是 {prod} 次乘加。',
    'Depthwise then pointwise is one factored convolution': '深度卷积加逐点卷积等于一个分解了的卷积',
    'The two stages together equal one ordinary convolution whose kernel is factored: every output '
    'channel mixes the same depthwise-filtered channels. Fewer parameters, a restricted family of '
    'kernels.':
        '两个阶段合起来等于一个普通卷积，只是其卷积核是分解形式：每个输出通道混合的是同一组经过深度卷积滤波的通道。参数更少，'
        '卷积核的取值范围也受到限制。',
    'Spatially separable means rank one': '空间可分离即秩为一',
    'A kernel splits into a column pass and a row pass exactly when its rank is at most 1 (the zero kernel, '
    'of rank 0, splits as zero times zero): the 3x3 Gaussian-like kernel is the outer product of (1, 2, 1) '
    'with itself, while the Laplacian has rank 2 and does not split.':
        '卷积核能拆成一次按列、一次按行的计算，当且仅当它的秩至多为 1（秩为 0 的零卷积核拆成零乘以零）：'
        '3x3 的类高斯卷积核是 (1, 2, 1) 与自身的外积，而拉普拉斯卷积核的秩为 2，无法拆分。',
    'One layer, four ways': '同一层的四种写法',
    'A 64 -> 128 layer on a 56x56 map with 3x3 kernels, counted by `symconv.counting` (no biases), '
    'written four ways: full, grouped, depthwise-separable (two stages), spatially separable (two passes). '
    'The depthwise-separable layer costs {ratio} of the full one: the ratio above with {c_out}.':
        '一个在 56x56 特征图上、3x3 卷积核、64 -> 128 通道的层，由 `symconv.counting` 计数（不含偏置），'
        '有四种写法：标准卷积、分组卷积、深度可分离卷积（两个阶段）、空间可分离卷积（两次计算）。'
        '深度可分离卷积层的计算量是标准层的 {ratio}：正是上面的比值取 {c_out} 时的结果。',
    'full 3x3 convolution': '标准 3x3 卷积',
    'group convolution, 4 groups': '分组卷积，4 组',
    'depthwise 3x3 (64 groups)': '深度卷积 3x3（64 组）',
    'pointwise 1x1': '逐点卷积 1x1',
    'depthwise-separable, both stages': '深度可分离卷积，两阶段合计',
    'column pass 3x1 (64 channels)': '按列计算 3x1（64 通道）',
    'row pass 1x3 (128 channels)': '按行计算 1x3（128 通道）',
    'spatially separable, both passes': '空间可分离卷积，两次合计',
    'dense layer to 100 hidden units': '到 100 个隐藏单元的全连接层',
    'convolution, 100 channels, 5x5, same padding': '卷积，100 通道，5x5，same 填充',
    'layer': '层',
    'output shape': '输出形状',
    'Transposed convolution and the transpose of the convolution matrix': '转置卷积与卷积矩阵的转置',
    'A transposed convolution maps the output shape of a convolution back to its input shape, for '
    'upsampling. It multiplies by the transpose of the convolution matrix (seed note 003, section 11; '
    'the convolution-arithmetic guide, chapter 4).':
        '转置卷积把卷积的输出形状映射回输入形状，用于上采样。它乘的是卷积矩阵的转置（笔记 003，第 11 节；卷积算术指南，'
        '第 4 章）。',
    'The convolution matrix': '卷积矩阵',
    'Unrolled, a convolution is a matrix product {y_Cx}. Row {r} of {C} holds the kernel where output '
    '{r} reads the input: the matrix is sparse and constant along its diagonals (Toeplitz). In 2-D it is '
    'a grid of such blocks, themselves placed in a Toeplitz pattern: doubly-block Toeplitz (figures '
    'below).':
        '展开来看，卷积就是矩阵乘积 {y_Cx}。{C} 的第 {r} 行在输出 {r} 读取输入的位置上放着卷积核：'
        '这个矩阵是稀疏的，并且沿对角线为常数（托普利茨矩阵）。在二维情形下，它是由这样的块组成的网格，块本身又按托普利茨的方式排列：'
        '双重分块托普利茨矩阵（见下图）。',
    'The 16 x 16 matrix of a 3x3 kernel on a 4x4 input (padding 1): entries coloured by tap, '
    'blocks labelled by the kernel row they repeat.':
        '3x3 卷积核作用在 4x4 输入上（填充为 1）得到的 16 x 16 矩阵：元素按抽头着色，'
        '每个块标出它所重复的卷积核行。',
    'The convolution matrix with stride 2: each block row starts two blocks further right.':
        '步幅为 2 时的卷积矩阵：每一个块行都比上一行向右移动两个块。',
    # symconv.plots.padding_modes_figure(lang="zh")
    'input cell': '输入单元',
    'padding: a copy of an input cell': '填充：复制的输入单元',
    'padding: zero': '填充：零',
    'A 3 x 3 input padded by 2 in each mode: the input outlined, each padding cell showing the value it holds.':
        '一个 3 x 3 的输入在每种模式下各填充 2 格：输入用粗框标出，每个填充单元写出它所存的值。',
    # symconv.plots.conv_matrix_blocks_figure(lang="zh")
    'input row': '输入行',
    'output row': '输出行',
    'block layout': '块的排布',
    'B{a} (kernel row {a})': 'B{a}（卷积核第 {a} 行）',
    'The same matrix as blocks: one Toeplitz block per kernel row, placed Toeplitz-wise.':
        '把同一个矩阵看成分块：卷积核的每一行对应一个托普利茨块，各块按托普利茨方式排列。',
    'Transposing the matrix': '把矩阵转置',
    "{CT} maps a vector of the output's size back to one of the input's size: that product is the "
    'transposed convolution. It restores the shape, not the values -- it is no inverse, and the name '
    'deconvolution is a misnomer (seed note 003, section 11). It is also the gradient of the convolution '
    'with respect to its input.':
        '{CT} 把一个输出尺寸的向量映射回输入尺寸的向量：这个乘积就是转置卷积。它恢复的是形状而不是数值——它不是逆运算，'
        '“反卷积”这个名字并不严谨（笔记 003，第 11 节）。它也是卷积对其输入的梯度。',
    'A scatter': '散射',
    'Read column by column, {CTy} scatters every input value, times the whole kernel, into the output: '
    "input {i} adds {wy} at position {pos}. symconv's scatter gives the same expressions as the matrix.":
        '按列来读，{CTy} 把每个输入值乘以整个卷积核后散射到输出中：输入 {i} 在位置 {pos} 处加上 {wy}。'
        'symconv 的散射实现给出与矩阵相同的表达式。',
    'As an ordinary convolution': '化为普通卷积',
    'The guide builds the same result from a direct convolution: insert {gaps} zeros between the inputs, '
    'pad each side by {pad}, and cross-correlate with the flipped kernel at stride 1. Here for stride 2 '
    'on two inputs.':
        '指南用一个直接卷积得到同样的结果：在输入之间插入 {gaps} 个零，每边填充 {pad}，再以步幅 1 与翻转后的卷积核做互相关。'
        '这里是步幅为 2、两个输入的情形。',
    "The output size inverts the convolution's: {a} extra cells at the end (PyTorch's output_padding) "
    'choose among the {s} input sizes that a strided convolution maps to the same output size. The second '
    "line is the guide's relationship 14, without dilation.":
        '输出尺寸是卷积输出尺寸的反演：末端多出的 {a} 个单元（PyTorch 的 output_padding）用来在带步幅卷积映射到同一输出尺'
        '寸的 {s} 种输入尺寸中作出选择。第二行是指南中不含膨胀的关系式 14。',
    'Deformable convolution': '可变形卷积',
    'A deformable convolution learns where each tap of its kernel looks (seed note 003, section 12; Dai '
    'et al. 2017).':
        '可变形卷积学习卷积核的每个抽头看向哪里（笔记 003，第 12 节；Dai 等，2017）。',
    'Offsets': '偏移量',
    'An ordinary kernel samples a fixed grid, which limits how well the network models geometric '
    'transformations. A deformable convolution adds to every tap an offset {dr_dc}, predicted from the '
    'input by another convolution, so the grid can follow the object: {C} offset channels per output '
    "position, a row and a column offset per tap. For the notes' 3x3 kernels on a {$1} input "
    'the offsets have shape {$2}.':
        '普通卷积核在固定的网格上采样，限制了网络对几何变换建模的能力。可变形卷积为每个抽头加上一个偏移量 {dr_dc}，'
        '它由另一个卷积从输入中预测出来，于是采样网格可以贴合物体：每个输出位置有 {C} 个偏移通道，每个抽头一个行偏移和一个列偏移。'
        '对于笔记中作用在 {$1} 输入上的 3x3 卷积核，偏移量的形状是 {$2}。',
    'Bilinear sampling': '双线性采样',
    'The shifted positions fall between pixels, so the input is read by bilinear interpolation between '
    'the four neighbours, {uv} being the fractional parts; neighbours outside the image count as zero. '
    'The weights sum to 1. The value is linear in the input, so gradients reach the input; it is piecewise '
    'linear in the position -- the weights are linear in {uv} between two grid lines -- so gradients '
    'reach the offsets too (except where a position crosses a grid line).':
        '偏移后的位置落在像素之间，所以输入用四个相邻像素的双线性插值来读取，{uv} 是小数部分；图像之外的相邻像素记为零。'
        '这些权重之和为 1。结果关于输入是线性的，所以梯度能传到输入；它关于位置是分段线性的——在两条网格线之间，'
        '权重关于 {uv} 是线性的——所以梯度也能传到偏移量（位置恰好跨过网格线处除外）。',
    'An example': '一个例子',
    'A 2x2 kernel on a 3x3 input with every tap shifted half a cell to the right: each weight now reads '
    'the mean of two neighbours, and on the right border half of it falls outside and reads zero.':
        '2x2 卷积核作用在 3x3 输入上，每个抽头都向右偏移半格：每个权重现在读取两个相邻值的平均；在右边界上，有一半落在图像之外，'
        '读到的是零。',
    'Zero offsets give back convolution': '偏移为零时退化为普通卷积',
    'With zero offsets (and a mask of ones) nothing moves and the layer is an ordinary convolution; a '
    'constant integer offset reads the input shifted.':
        '偏移量为零（且掩码全为 1）时什么也没有移动，这一层就是普通卷积；常数整数偏移则读取平移后的输入。',
    'Gradients of convolution': '卷积的梯度',
    'Backpropagation through {$1} (cross-correlation), derived with SymPy on a {$2} input and a {$3} kernel.':
        '对 {$1}（互相关）做反向传播，在 {$2} 输入和 {$3} 卷积核上用 SymPy 推导。',
    'Forward pass': '前向传播',
    'Each output is a weighted sum of one window of {X} plus the bias {b}.': '每个输出是 {X} 的一个窗口的加权和，再加上偏置 {b}。',
    'Loss and upstream gradient': '损失与上游梯度',
    'Whatever the loss, the chain rule only needs {G}; {$1} is linear in {Y} with these coefficients.':
        '无论损失是什么，链式法则只需要 {G}；{$1} 关于 {Y} 是线性的，系数就是这些值。',
    'Gradient with respect to the input': '对输入的梯度',
    'Differentiating entry by entry gives the transposed convolution of {G} with the same kernel: each '
    'input receives the kernel taps of every window that read it (the product with {CT}).':
        '逐个元素求导，得到 {G} 与同一个卷积核的转置卷积：每个输入收到读取过它的每个窗口的卷积核抽头（即与 {CT} 的乘积）'
        '。',
    'Gradient with respect to the weights': '对权重的梯度',
    'Each weight multiplies one shifted copy of {X}, so its gradient is the cross-correlation of {X} '
    'with {G}.':
        '每个权重乘的是 {X} 的一个平移副本，所以它的梯度是 {X} 与 {G} 的互相关。',
    'Gradient with respect to the bias': '对偏置的梯度',
    'The bias is added to every output, so its gradient is the sum of {G}.': '偏置加到每个输出上，所以它的梯度是 {G} 的总和。',
    'Learning the edge kernel': '学习边缘检测卷积核',
    'Seed note 002, section 6.2: gradient descent recovers the kernel {$1} from {$2} and {$3}.':
        '笔记 002，6.2 节：梯度下降从 {$2} 和 {$3} 中恢复出卷积核 {$1}。',
    'Data': '数据',
    'A 6x8 image, dark in columns 2 to 5; the target is its cross-correlation with {K}: {$1} and {$2} at the '
    'edges.':
        '一幅 6x8 的图像，第 2 到 5 列为暗；目标是它与 {K} 的互相关：边缘处为 {$1} 和 {$2}。',
    'Gradient': '梯度',
    'With {$1} the sum of squared errors, the weight gradient is the cross-correlation of {$2} with {$3} '
    '(`symconv.numeric.conv_grad_weight`); each step is {$4}.':
        '取 {$1} 为误差平方和，权重的梯度是 {$2} 与 {$3} 的互相关（`symconv.numeric.conv_grad_weight`）；'
        '每一步为 {$4}。',
    'Why it converges': '为什么会收敛',
    'The loss is quadratic with Hessian {H} ({$1}: the windows of {$2} as rows). Gradient descent multiplies '
    'the error along each eigenvector by {$3} (learning rate {$4}, eigenvalue {$5}), at most {rho} in size, so '
    'after {n} steps the kernel error is at most {bound} of what it was.':
        '损失是二次的，黑塞矩阵为 {H}（{$1}：以 {$2} 的各个窗口为行）。梯度下降每一步把沿每个特征向量的误差乘以 {$3}'
        '（学习率 {$4}，特征值 {$5}），其绝对值至多为 {rho}，所以 {n} 步之后卷积核的误差至多是原来的 {bound}。',
    'Trajectory': '轨迹',
    'The loss before each step and the kernel it used (seed {seed}); the last row is after step {n}.':
        '每一步之前的损失及所用的卷积核（随机种子 {seed}）；最后一行是第 {n} 步之后。',
    'Why a 2x2 kernel "does not converge"': '为什么 2x2 卷积核“不收敛”',
    'Seed note 002, section 6.2 asks why training with a 2x2 kernel fails where the 1x2 kernel succeeds. '
    'Every number below is computed by symconv.':
        '笔记 002 的 6.2 节问：为什么 1x2 卷积核能训练成功，换成 2x2 卷积核却不行？下面每个数都由 symconv 计算。',
    'The shapes no longer match': '形状不再匹配',
    'A 2x2 kernel on the 6x8 input has {o} outputs per column, but the target made with the 1x2 kernel '
    'has 6: the loss cannot be formed at all.':
        '2x2 卷积核作用在 6x8 输入上，每列只有 {o} 个输出，而用 1x2 卷积核生成的目标有 6 个：损失根本无法构成。',
    'With a matching target the step is too large': '目标匹配时步长又太大',
    'Take {$1} ({$2}), where {K2}. The loss is quadratic with Hessian {H}; its largest eigenvalue is {lmax}, '
    'so gradient descent is stable only for a step below {limit}. At {lr} the error along that direction '
    'is multiplied by {factor} each step: the loss grows instead of falling.':
        '取 {$1}（{$2}），其中 {K2}。损失是二次的，黑塞矩阵为 {H}；它的最大特征值是 {lmax}，所以只有步长小于 {limit} '
        '时梯度下降才稳定。在 {lr} 下，沿该方向的误差每一步都乘以 {factor}：损失不降反升。',
    'Only the column sums are identifiable': '只有列和是可辨识的',
    'Every row of {$1} is the same, so a 2x2 window holds the same pair twice and {$2} (one window per row, 35 '
    'x 4) has rank {rank}. Moving weight between the two rows of a column leaves every output unchanged; '
    'only the column sums {sums} of the kernel are fixed by the data.':
        '{$1} 的每一行都相同，所以一个 2x2 窗口里同一对数出现两次，{$2}（每个窗口一行，35 x 4）的秩为 {rank}。'
        '在同一列的两行之间挪动权重，不会改变任何输出；数据只确定了卷积核的列和 {sums}。',
    'Receptive fields': '感受野',
    'How much of the input one unit sees, layer after layer, computed in closed form (Araujo, Norris and '
    'Sim, Distill 2019) by `symconv.receptive_field` and checked against the connectivity graph.':
        '一个单元逐层能看到多少输入：由 `symconv.receptive_field` 用闭式公式计算（Araujo、'
        'Norris 和 Sim，Distill 2019），并与连接图相互核对。',
    'Indirect interaction': '间接交互',
    "The seed notes' figure: g3 and everything it depends on.": '笔记中的图：g3 以及它依赖的一切。',
    'Three layers: the field grows to 7 inputs.': '三层：感受野增长到 7 个输入。',
    'three layers': '三层',
    'Closed form': '闭式公式',
    'symconv builds the closed form of Araujo et al. layer by layer: each layer adds its kernel span '
    'minus one, times the product of the strides below it; the effective stride {S} is the product of '
    'the strides and the effective padding {P} accumulates the paddings the same way. Unit {x} of the '
    'top layer sees the inputs {u} to {v}.':
        'symconv 逐层构造 Araujo 等人的闭式公式：每一层加上它的卷积核跨度减一，再乘以它下面各层步幅的乘积；'
        '有效步幅 {S} 是各层步幅的乘积，有效填充 {P} 以同样的方式累加各层的填充。顶层的第 {x} 个单元看到从 {u} 到 {v} 的输入'
        '。',
    'LeNet-5': 'LeNet-5',
    "On its 32x32 input LeNet-5's C5 sees the whole image.": '在 32x32 的输入上，LeNet-5 的 C5 能看到整幅图像。',
    'kind': '类型',
    'output size': '输出尺寸',
    'receptive field': '感受野',
    'effective stride': '有效步幅',
    'effective padding': '有效填充',
    'conv': '卷积',
    'pool': '池化',
    'AlexNet': 'AlexNet',
    "torchvision's AlexNet on a 224x224 image; a unit of pool5 sees 195 pixels.":
        'torchvision 的 AlexNet 作用在 224x224 的图像上；pool5 的一个单元能看到 195 个像素。',
    'VGG-16': 'VGG-16',
    'Thirteen 3x3 convolutions and five poolings: the field grows by 2 times the effective stride at '
    'every convolution and reaches 212 pixels at pool5, with an effective stride of 32.':
        '十三个 3x3 卷积和五个池化：每经过一个卷积，感受野增加有效步幅的 2 倍，到 pool5 时达到 212 个像素，'
        '有效步幅为 32。',
    'Receptive-field growth through VGG-16: the input region of the middle unit of each layer.':
        '感受野在 VGG-16 中的增长：每一层中间单元所看到的输入区域。',
    'Dilated stacks': '堆叠空洞卷积',
    'Equivariance to translation': '平移等变性',
    'Convolution commutes with translation: shift the input and the output shifts the same way. Seed '
    'notes 000 and 003 (section 4) call this equivariant representation; here it is proved where it '
    'holds and shown where the border breaks it.':
        '卷积与平移可交换：平移输入，输出以同样的方式平移。笔记 000 和 003（第 4 节）称之为等变表示；这里证明它在哪里成立，'
        '并展示边界在哪里破坏了它。',
    'Definition': '定义',
    'A function is equivariant to a transformation when transforming the input transforms the output in '
    'the same way: {f} is equivariant to {g} when the two commute. For a convolution, take {g} to be any '
    'translation of the input (seed note 000).':
        '如果一个函数满足输入改变、输出也以同样的方式改变这一性质，我们就说它是等变的：当二者可交换时，{f} 对 {g} 具有等变性。'
        '对于卷积，令 {g} 为输入的任意平移（笔记 000）。',
    'Parameter sharing is the reason': '原因在于参数共享',
    'Every position uses the same kernel: one weight serves every output (the bold edges), where in a '
    'fully connected layer it serves a single pair. So moving the input moves the output, and a feature '
    'is detected wherever it appears.':
        '每个位置使用同一个卷积核：一个权重服务于所有输出（加粗的边），而在全连接层中它只服务于一对单元。所以输入移动时输出随之移动，'
        '特征无论出现在哪里都能被检测到。',
    "The seed notes' figure: the edges of one shared weight.": '笔记中的图：一个共享权重的所有边。',
    'Circular padding: exact': '循环填充：精确成立',
    'On a circle nothing falls off the edge: shifting by one then correlating gives exactly the '
    'correlation shifted by one.':
        '在圆环上没有东西会掉出边缘：先平移一格再做互相关，恰好等于互相关结果平移一格。',
    'Zero padding: away from the border': '零填充：远离边界处成立',
    'With zero padding the shift pushes values off one end and zeros in at the other. Shifting 8 inputs '
    'by 2 before a valid 3-tap correlation changes outputs 0 and 1; outputs {first} to {last} equal the '
    'shifted outputs, the region `symconv.symbolic.variants.equivariance_region` computes.':
        '使用零填充时，平移把一端的值推出去，另一端补进零。在有效（valid）3 抽头互相关之前把 8 个输入平移 2 格，'
        '会改变输出 0 和 1；输出 {first} 到 {last} 等于平移后的输出，正是 `symconv.symbolic.variants'
        '.equivariance_region` 算出的区域。',
    'output': '输出',
    'equal': '相等',
    'no': '否',
    'yes': '是',
    'Counting parameters': '参数计数',
    'Sparse interactions and parameter sharing are why a convolution needs so few parameters (seed note '
    '000, after Goodfellow et al., section 9.2). The counts come from `symconv.counting`, which reads '
    'every output size from the geometry.':
        '稀疏交互和参数共享是卷积只需要很少参数的原因（笔记 000，参照 Goodfellow 等人的 9.2 节）。'
        '计数来自 `symconv.counting`，它从几何对象中读取每个输出尺寸。',
    'Sparse interactions': '稀疏交互',
    "A convolution's kernel is much smaller than its input. With width 3 one input affects only three "
    'outputs, and one output depends on only three inputs (grey); in a fully connected layer every input '
    'affects every output. Few weights describe how many variables interact (seed note 000).':
        '卷积核远小于输入。宽为 3 时，一个输入只影响三个输出，一个输出也只依赖三个输入（灰色）；在全连接层中，每个输入都影响每个输出。'
        '只需很少的权重就能描述许多变量之间的交互（笔记 000）。',
    'Seen from below: what x3 affects, sparse and fully connected.': '从下往上看：x3 影响哪些单元，稀疏连接与全连接对比。',
    'Seen from above: what s3 depends on.': '从上往下看：s3 依赖哪些单元。',
    'The same with stride 2: fewer outputs, each still reading three inputs.': '步幅为 2 时同样如此：输出更少，每个输出仍然读取三个输入。',
    'kernel 3, stride 2': '卷积核 3，步幅 2',
    'full connectivity': '全连接',
    'Parameter sharing': '参数共享',
    'The same parameter is used by many functions of the model: the centre tap of the kernel serves '
    'every output (bold), while the fully connected layer uses each weight once. The layer stores a '
    'kernel, not a weight per connection.':
        '参数共享是指在一个模型的多个函数中使用相同的参数：卷积核的中心抽头服务于每个输出（加粗），而全连接层中每个权重只使用一次。'
        '这一层存储的是一个卷积核，而不是每条连接一个权重。',
    "The seed notes' figure: one shared weight in bold.": '笔记中的图：加粗的是一个共享的权重。',
    'Dense against convolution': '全连接层与卷积的对比',
    'A dense layer pays for every pair of input and output; a convolution pays for a kernel per pair of '
    'channels, whatever the image size, though its multiply-accumulates still grow with the image. The '
    "notes' photograph: {values} RGB values into {units} hidden units need {example} weights without "
    'biases; a convolution with {units} output channels and 5x5 kernels needs {conv}.':
        '全连接层要为每一对输入和输出付出一个权重；卷积只为每一对通道付出一个卷积核，与图像大小无关，尽管它的乘加次数仍随图像增大。'
        '笔记中的照片：{values} 个 RGB 值接到 {units} 个隐藏单元，不计偏置就需要 {example} 个权重；'
        '而有 {units} 个输出通道、5x5 卷积核的卷积只需要 {conv} 个。',
    'LeNet-5, layer by layer': 'LeNet-5 逐层分析',
    "LeCun et al. (1998): a 32x32 input, C1 6@5x5, S2 2x2 subsampling, C3 16@5x5 with the paper's "
    'partial connection table, S4, C5 120@5x5, F6 84 and 10 outputs. Connections are the '
    'multiply-accumulates plus one bias per output value, the number the paper reports.':
        'LeCun 等（1998）：32x32 输入，C1 6@5x5，S2 2x2 下采样，C3 16@5x5（使用论文中的部分连接表）'
        '，S4，C5 120@5x5，F6 84，输出 10。连接数等于乘加次数加上每个输出值一个偏置连接，也就是论文报告的数字。',
    'connections': '连接数',
    'note': '说明',
    'trainable subsampling: 2 per map': '可训练的下采样：每个特征图 2 个参数',
    'partial connection table (60 of 96 map pairs)': '部分连接表（96 对特征图中的 60 对）',
    "dense here; the paper's RBF output has 840 fixed parameters": '这里按全连接层计算；论文中的 RBF 输出层有 840 个固定参数',
    'Identities of convolution': '卷积的恒等式',
    'multi-channel-sum': '多输入通道求和（`multi-channel-sum`）',
    'pointwise-is-dense': '逐点卷积即全连接层（`pointwise-is-dense`）',
    'group-is-concatenation': '分组卷积即拼接（`group-is-concatenation`）',
    'group-divides-parameters': '分组使参数量降为 g 分之一（`group-divides-parameters`）',
    'depthwise-separable-composition': '深度可分离卷积的复合（`depthwise-separable-composition`）',
    'depthwise-separable-cost': '深度可分离卷积的计算量（`depthwise-separable-cost`）',
    'spatially-separable-two-passes': '空间可分离卷积分两次扫描（`spatially-separable-two-passes`）',
    'separability-is-rank-one': '可分离即秩至多为 1（`separability-is-rank-one`）',
    'spatially-separable-cost': '空间可分离卷积的计算量（`spatially-separable-cost`）',
    'dilation-is-zero-inserted-kernel': '空洞卷积即插零的卷积核（`dilation-is-zero-inserted-kernel`）',
    'dilated-receptive-field': '堆叠空洞卷积的感受野跨度（`dilated-receptive-field`）',
    'transposed-is-stuffed-flipped-conv':
        '转置卷积即插零、填充后与翻转的核卷积（`transposed-is-stuffed-flipped-conv`）',
    'transposed-is-matrix-transpose': '转置卷积即转置矩阵（`transposed-is-matrix-transpose`）',
    'transposed-checkerboard': '转置卷积的棋盘格计数（`transposed-checkerboard`）',
    'deformable-zero-offsets': '零偏移的可变形卷积（`deformable-zero-offsets`）',
    'deformable-integer-offsets': '整数偏移的可变形卷积（`deformable-integer-offsets`）',
    'bilinear-reproduces-bilinear': '双线性采样精确再现双线性函数（`bilinear-reproduces-bilinear`）',
    'average-pool-is-conv': '平均池化是一种卷积（`average-pool-is-conv`）',
    'max-pool-is-max-of-window': '最大池化取窗口内的最大值（`max-pool-is-max-of-window`）',
    'global-pool-is-mean': '全局池化即通道均值或最大值（`global-pool-is-mean`）',
    'conv3d-is-sum-of-conv2d': '三维卷积是二维卷积之和（`conv3d-is-sum-of-conv2d`）',
    'conv1d-is-height-one-conv2d': '一维卷积是高度为 1 的二维卷积（`conv1d-is-height-one-conv2d`）',
    'stride-is-subsampling': '步幅即下采样（`stride-is-subsampling`）',
    'convolution-commutes': '卷积满足交换律（`convolution-commutes`）',
    'convolution-associates': '卷积满足结合律（`convolution-associates`）',
    'cross-correlation-is-flipped-convolution': '互相关是翻转核的卷积（`cross-correlation-is-flipped-convolution`）',
    'translation-equivariance-circular': '平移等变性：循环填充（`translation-equivariance-circular`）',
    'translation-equivariance-interior': '平移等变性：零填充下远离边界处（`translation-equivariance-interior`）',
    'circulant-diagonalised-by-dft': '循环卷积被离散傅里叶变换对角化（`circulant-diagonalised-by-dft`）',
    'gradient-input-is-transposed-conv': '对输入的梯度是转置卷积（`gradient-input-is-transposed-conv`）',
    'gradient-weight-is-correlation': '对权重的梯度是互相关（`gradient-weight-is-correlation`）',
    'gradient-bias-is-sum': '对偏置的梯度是求和（`gradient-bias-is-sum`）',
    'Source: seed 002, 6.4 (corr2d_multi_in_out).': '出处：笔记 002，6.4 节（corr2d_multi_in_out）。',
    'Source: seed 002, 6.4; seed 003, section 6.': '出处：笔记 002，6.4 节；笔记 003，第 6 节。',
    'Source: seed 003, section 7.': '出处：笔记 003，第 7 节。',
    'Source: seed 003, section 8.': '出处：笔记 003，第 8 节。',
    'Source: seed 003, section 8; MobileNets.': '出处：笔记 003，第 8 节；MobileNets。',
    'Source: seed 003, section 9.': '出处：笔记 003，第 9 节。',
    'Source: seed 003, section 10.': '出处：笔记 003，第 10 节。',
    'Source: seed 003, section 10; Araujo et al. 2019.': '出处：笔记 003，第 10 节；Araujo 等，2019。',
    'Source: convolution-arithmetic guide, section 4; seed 003, section 11.':
        '出处：卷积算术指南，第 4 节；笔记 003，第 11 节。',
    'Source: convolution-arithmetic guide, section 4.1.': '出处：卷积算术指南，4.1 节。',
    'Source: Odena et al. 2016; convolution-arithmetic guide, section 4.':
        '出处：Odena 等，2016；卷积算术指南，第 4 节。',
    'Source: seed 003, section 12.': '出处：笔记 003，第 12 节。',
    'Source: seed 003, section 12; Dai et al. 2017.': '出处：笔记 003，第 12 节；Dai 等，2017。',
    'Source: seed 002, 6.5.': '出处：笔记 002，6.5 节。',
    'Source: seed 003, section 13; seed 001, 9.2.3.': '出处：笔记 003，第 13 节；笔记 001，9.2.3 节。',
    'Source: seed 002, 6.3.': '出处：笔记 002，6.3 节。',
    'Source: seed 003, section 2 (commutative); Goodfellow et al. 9.1.':
        '出处：笔记 003，第 2 节（可交换）；Goodfellow 等，9.1 节。',
    'Source: Goodfellow et al. 9.1.': '出处：Goodfellow 等，9.1 节。',
    'Source: seed 001, 9.2.2; seed 002, 6.2.': '出处：笔记 001，9.2.2 节；笔记 002，6.2 节。',
    'Source: seed 003, section 4 (equivariant representations).': '出处：笔记 003，第 4 节（等变表示）。',
    'Source: seed 001, 9.1.2; seed 003, section 4.': '出处：笔记 001，9.1.2 节；笔记 003，第 4 节。',
    'Source: seed 003, section 4; Gray, Toeplitz and Circulant Matrices.':
        '出处：笔记 003，第 4 节；Gray，《Toeplitz and Circulant Matrices》。',
    'Source: convolution-arithmetic guide, section 4.': '出处：卷积算术指南，第 4 节。',
    'Source: seed 002, 6.2 (learning a kernel).': '出处：笔记 002，6.2 节（学习卷积核）。',
    'Source: backpropagation.': '出处：反向传播。',
    'Every variant and property in the notes as a statement: a claim and the conditions under which it holds, '
    'printed by SymPy exactly as it is proved. {general} of the {total} identities are proved in general -- for '
    'every size, kernel, stride, padding, dilation, number of channels and groups, all SymPy symbols, never one '
    'instance -- and every step of each proof below is checked by SymPy when this page is built. Most proofs use one '
    'method. Both sides are written in a canonical form: a sum (or a max) over the integer points of a set cut out '
    'by linear constraints, of coefficients times reads of arrays at affine indices, where each read of a '
    'zero-padded array brings its validity predicate (the read index lies inside the array) and each defined array '
    'is inlined with its domain. An affine change of summation index with integer coefficients, found by equating '
    'the indices of the reads, and its inverse are then checked by SymPy: they compose to the identity, every '
    "constraint of one side follows from the other's by a linear certificate (non-negative multipliers of the "
    'hypotheses and their pairwise products, verified exactly), and the coefficients agree. A bijection of the '
    'summation points that keeps every term proves the two sides equal. The other proofs are SymPy algebra on '
    'symbolic counts, induction on the number of layers, the {$1} minors of a matrix, and sum manipulations for the '
    'DFT; each identity names its method. Each identity is also checked numerically on random data and geometries '
    "against an independent route -- a plain loop of the definition, NumPy's einsum or FFT, SciPy, finite "
    'differences, windows counted by sliding -- never a code path against itself; and for each condition a negative '
    'control shows the identity failing at a counterexample when that condition is dropped (the tests in '
    '`tests/symbolic/`). The numeric checks take the operations they check as arguments '
    '(`identity.check_numeric(rng, ops=Operations(conv=...))`), so the same catalogue checks any implementation; '
    '`symconv verify` runs it all and `symconv verify --json` reports the proof kind of each identity.':
        '笔记中的每一种卷积变体和性质都写成一个命题：一个结论，加上它成立的条件，由 SymPy 按照证明时的原样打印出来。'
        '{total} 条恒等式中有 {general} 条得到一般性证明——对任意尺寸、卷积核、步幅、填充、膨胀、通道数和分组数都成立'
        '，这些量全是 SymPy 符号，从不取某一个具体实例——并且构建本页时，下面每个证明的每一步都由 SymPy 检验。'
        '大多数证明用同一种方法。两边都写成一种规范形式：在由线性约束围成的集合的整数点上求和（或取最大值），'
        '被加项是系数乘以在仿射下标处读取的数组元素；每次读取零填充的数组都带上它的有效性谓词（读取的下标落在数组之内'
        '），每个由定义给出的数组连同其定义域一起展开。然后由 SymPy 检验一个整数系数的仿射求和下标变换（通过令读取的'
        '下标相等求得）及其逆变换：二者复合为恒等映射；一边的每条约束都能由另一边的约束通过线性证书推出（假设及其两两'
        '乘积的非负乘子，精确验证）；系数也相等。一个保持每一项不变的求和点之间的双射就证明了两边相等。'
        '其余的证明是对符号计数的 SymPy 代数运算、对层数的归纳、矩阵的 {$1} 子式，'
        '以及离散傅里叶变换（DFT）的求和变形；每条恒等式都写明了它的方法。每条恒等式还在随机数据和随机几何配置上，'
        '与一条独立的途径做数值比对——定义的朴素循环、NumPy 的 einsum 或 FFT、SciPy、有限差分、逐个滑动窗口计数——从不'
        '拿一条代码路径与它自身比较；对每个条件，都有一个反例对照表明去掉该条件后恒等式不再成立（见 '
        '`tests/symbolic/` 中的测试）。数值检验把所检验的运算作为参数（`identity.check_numeric(rng, '
        'ops=Operations(conv=...))`），因此同一套恒等式可以检验任何实现；`symconv verify` 会全部运行，`symconv '
        'verify --json` 报告每条恒等式的证明类型。',
    'Each output channel {$1} is the sum over the input channels {$2} of the single-channel cross-correlations {$3} '
    'of input channel {$4} with the kernel slice {$5} (kernel {$6}), for any stride, padding and dilation.':
        '每个输出通道 {$1} 是各输入通道 {$2} 上单通道互相关 {$3} 之和，这里的互相关是输入通道 {$4} 与卷积核切片 {$5} '
        '的互相关（卷积核形状为 {$6}）；对任意步幅、填充和膨胀都成立。',
    'Proved in general.': '已做一般性证明。',
    'Method: canonical form (a sum over integer points of coefficient times reads at affine indices, with the '
    'validity predicate of every read) compared term by term after a change of summation index checked by SymPy.':
        '方法：规范形式（在整数点上对系数乘以仿射下标处的读取求和，每次读取都带有效性谓词），经一个由 SymPy '
        '检验的求和下标变换后逐项比较。',
    'Proof: Definitions': '证明：定义',
    "The operations by their definitions (symconv's index rule; an array is zero outside its support).":
        '各运算按其定义写出（symconv 的下标规则；数组在其支撑集之外为零）。',
    'Proof: Sizes': '证明：尺寸',
    "The output counts, equal to symconv's geometry, and what their floors give; each checked by SymPy.":
        '输出个数（与 symconv 的几何对象给出的相同）以及由其中的向下取整得到的事实；每一条都由 SymPy 检验。',
    'Proof: Left side': '证明：左边',
    'The left side as a reduction over integer points: each read adds its validity predicate (zero padding) and '
    'defined arrays are inlined with their domain.':
        '把左边写成在整数点上的归约：每次读取都加上它的有效性谓词（零填充），由定义给出的数组连同其定义域一起展开。',
    'Proof: Right side': '证明：右边',
    'The right side in the same canonical form.': '右边写成同样的规范形式。',
    'Proof: Change of summation index': '证明：求和下标变换',
    'An affine change of summation index with integer coefficients, found by equating the indices of the reads, and '
    'its inverse: SymPy checks that they compose to the identity, that every constraint of each side follows from '
    "the other side's constraints and the hypotheses (a linear certificate verified exactly), and that the "
    'coefficients agree. A bijection of the summation points that keeps every term proves the two sides equal.':
        '一个整数系数的仿射求和下标变换（令读取的下标相等求得）及其逆变换：SymPy 检验二者复合为恒等映射，'
        '每一边的每条约束都能由另一边的约束和假设推出（一个精确验证的线性证书），并且系数相等。'
        '一个保持每一项不变的求和点之间的双射证明了两边相等。',
    'A {$1} convolution without padding is one dense layer {$2} (a {$3} matrix over channels) applied at every '
    'position it visits.':
        '不带填充的 {$1} 卷积就是在它经过的每个位置上使用同一个全连接层 {$2}（一个作用于通道的 {$3} 矩阵）。',
    'Condition: the kernel is {$1}.': '条件：卷积核为 {$1}。',
    'Condition: no padding.': '条件：没有填充。',
    'Group convolution ({$1} groups, {$2}, {$3}) is {$4} ordinary convolutions on the channel slices, concatenated: '
    "output channel {$5} is output {$6} of group {$7}'s convolution.":
        '分组卷积（{$1} 组，{$2}，{$3}）就是在各组通道切片上做 {$4} 个普通卷积再拼接起来：输出通道 {$5} 就是第 {$7} '
        '组卷积的输出 {$6}。',
    'With {$1} groups ({$2}, {$3}) a layer has {$4} of the weights {$5} and of the multiply-accumulates {$6} of the '
    'full layer, whatever its size, stride, padding and dilation.':
        '分成 {$1} 组（{$2}，{$3}）后，无论尺寸、步幅、填充和膨胀如何，这一层的权重数 {$5} 和乘加次数 {$6} '
        '都只有完整层的 {$4}。',
    'Method: SymPy algebra on the symbolic counts of `symconv.counting`.':
        '方法：对 `symconv.counting` 给出的符号计数做 SymPy 代数运算。',
    'Proof: Counts': '证明：计数',
    'The weights and multiply-accumulates of the layer without and with {$1} groups, from `symconv.counting` with '
    'every size a symbol.':
        '不分组和分成 {$1} 组时这一层的权重数与乘加次数，由 `symconv.counting` 在所有尺寸都取符号时给出。',
    'Proof: Ratios': '证明：比值',
    'Substituted and simplified by SymPy, each side minus the other is 0.':
        '代入并由 SymPy 化简后，每个等式两边之差为 0。',
    'Depthwise (groups {$1}, multiplier {$2}) then pointwise ({$3}) with nothing between them equals one convolution '
    'with the factored kernel {$4} ({$5} for {$6}); the pointwise sum over the {$7} channels is split by division '
    'with remainder.':
        '先做深度卷积（分组数 {$1}，倍增因子 {$2}）再做逐点（{$3}）卷积，两者之间不加任何运算，等于用分解后的卷积核 '
        '{$4} 做一次卷积（{$6} 时为 {$5}）；逐点卷积对 {$7} 个通道的求和用带余除法拆开。',
    'Condition: no nonlinearity between the two stages ({$1} is the identity).':
        '条件：两个阶段之间没有非线性（{$1} 是恒等映射）。',
    'Depthwise-separable convolution (multiplier 1) costs {$1} of the full convolution with the same geometry, '
    'whatever the input size, stride, padding and dilation.':
        '深度可分离卷积（倍增因子为 1）的计算量是同样几何配置下完整卷积的 {$1}，与输入尺寸、步幅、填充和膨胀无关。',
    'The multiply-accumulates of depthwise-separable (multiplier 1) and of full convolution with the same {$1} '
    'geometry, from `symconv.counting` with every size a symbol.':
        '同样 {$1} 几何配置下深度可分离卷积（倍增因子为 1）与完整卷积的乘加次数，由 `symconv.counting` '
        '在所有尺寸都取符号时给出。',
    'Proof: Ratio': '证明：比值',
    'Substituted and simplified by SymPy, the two sides agree.': '代入并由 SymPy 化简后，两边相等。',
    'A rank-1 kernel {$1} gives the same result as a column pass with {$2} (the row geometry) then a row pass with '
    '{$3} (the column geometry), for any strides, paddings and dilations.':
        '秩为 1 的卷积核 {$1} 给出的结果，与先用 {$2} 沿列方向扫描（使用行方向的几何配置）、再用 {$3} '
        '沿行方向扫描（使用列方向的几何配置）相同；对任意步幅、填充和膨胀都成立。',
    'A kernel is spatially separable ({$1}) exactly when its rank is at most 1; the zero kernel (rank 0) is '
    'separable too, and otherwise the factors are a column and a scaled row.':
        '卷积核可以做空间分离（{$1}），当且仅当它的秩至多为 1；零卷积核（秩为 0）也可分离，'
        '其余情形下两个因子分别是它的一列和缩放后的一行。',
    'Method: the {$1} minors ({$2} exactly when every {$3} minor of {$4} vanishes), with symbolic indices and entries.':
        '方法：{$1} 子式（{$2} 当且仅当 {$4} 的每个 {$3} 子式都为零），下标和元素都是符号。',
    'Proof: Rank by minors': '证明：用子式刻画秩',
    'The determinantal rank: a matrix has rank at most 1 exactly when all its {$1} minors vanish (for all rows {$2} '
    'and columns {$3}).':
        '行列式秩：矩阵的秩至多为 1，当且仅当它的所有 {$1} 子式都为零（对所有行 {$2} 和列 {$3}）。',
    'Proof: Outer products have rank at most 1': '证明：外积的秩至多为 1',
    'If {$1} every {$2} minor is 0: SymPy expands it.': '若 {$1}，则每个 {$2} 子式都为 0：由 SymPy 展开验证。',
    'Proof: The zero kernel': '证明：零卷积核',
    'Rank 0: the zero kernel is the outer product of two zero vectors, so it is separable (rank at most 1, not '
    'exactly 1).':
        '秩为 0：零卷积核是两个零向量的外积，因此可以分离（秩至多为 1，而不是恰好为 1）。',
    'Proof: A pivot gives the factors': '证明：由一个主元得到两个因子',
    'Otherwise take an entry {$1}, {$2} the column {$3} and {$4} the row {$5} divided by {$6}: {$7} is a {$8} minor '
    'over {$9} (SymPy), so 0 when {$10}.':
        '否则取一个元素 {$1}，令 {$2} 为第 {$3} 列，{$4} 为第 {$5} 行除以 {$6}：{$7} 等于一个 {$8} 子式除以 '
        '{$9}（SymPy 验证），因此当 {$10} 时它为 0。',
    'Per channel, two 1-D passes cost {$1} of one {$2} pass, which tends to {$3} on wide inputs (a first pass that '
    'mixes channels costs more).':
        '对每个通道，两次一维扫描的计算量是一次 {$2} 扫描的 {$1}，在很宽的输入上趋于 {$3}（若第一次扫描混合通道，'
        '代价更高）。',
    'Method: SymPy algebra and a limit on the symbolic counts of `symconv.counting`.':
        '方法：对 `symconv.counting` 给出的符号计数做 SymPy 代数运算并求极限。',
    'One channel in and out, valid padding, stride 1: the column pass ({$1}) then the row pass ({$2}) against one '
    '{$3} pass, from `symconv.counting` with symbolic sizes.':
        '输入输出各一个通道、valid 填充、步幅为 1：先列扫描（{$1}）再行扫描（{$2}），与一次 {$3} 扫描相比，由 '
        '`symconv.counting` 在尺寸取符号时给出。',
    'Proof: Wide inputs': '证明：很宽的输入',
    'The limit as the width grows, by SymPy.': '宽度趋于无穷时的极限，由 SymPy 求出。',
    'Dilated convolution equals the undilated convolution (same stride and padding) with the kernel {$1} of {$2} '
    'taps, {$3} zeros inserted between the taps of {$4} (stated on one axis).':
        '空洞卷积等于用卷积核 {$1}（共 {$2} 个抽头，在 {$4} 的各抽头之间插入 {$3} 个零）做的不膨胀卷积，'
        '步幅和填充不变（在一个轴上陈述）。',
    'In a stack of {$1} stride-1 layers of {$2} taps with dilations {$3} the receptive field *spans* {$4} inputs '
    '(the distance from its first to its last input, plus one); all {$5} of them affect the unit when no dilation '
    'exceeds the span below it. With dilations 1, 2, 4, ... ({$6}) the span is {$7}: each layer doubles it and adds '
    'one.':
        '把 {$1} 个步幅为 1、各有 {$2} 个抽头、膨胀率为 {$3} 的层堆叠起来，感受野的*跨度*是 {$4} '
        '个输入（从第一个到最后一个输入的距离加一）；当每一层的膨胀率都不超过它下方的跨度时，这 {$5} '
        '个输入全部影响该单元。膨胀率依次为 1、2、4、…（{$6}）时跨度为 {$7}：每增加一层，跨度翻倍再加一。',
    'Condition: every layer has stride 1.': '条件：每一层的步幅都为 1。',
    'Condition: no dilation exceeds the span below it ({$1}).': '条件：每一层的膨胀率都不超过它下方的跨度（{$1}）。',
    'Method: induction on the number of layers (span by SymPy summation; no gaps by a linear certificate).':
        '方法：对层数归纳（跨度由 SymPy 求和得到；没有空隙由线性证书得到）。',
    'Proof: Offsets': '证明：偏移量',
    'A unit after {$1} stride-1 layers reads, through tap {$2} of layer {$3}, the units of layer {$4} at offsets '
    "{$5}: its input offsets are the sums {$6} (symconv's index rule with {$7}).":
        '经过 {$1} 个步幅为 1 的层之后，一个单元通过第 {$3} 层的抽头 {$2} 读取第 {$4} 层偏移 {$5} 处的单元：'
        '它的输入偏移量是这些和 {$6}（symconv 的下标规则，取 {$7}）。',
    'Proof: Span': '证明：跨度',
    'The smallest offset stays 0 and the largest grows by {$1}; by induction on the number of layers ({$2}, and the '
    'sum up to {$3} is the sum up to {$4} plus its term {$5}), SymPy checks the step.':
        '最小偏移量保持为 0，最大偏移量增加 {$1}；对层数归纳（{$2}，并且求和到 {$3} 等于求和到 {$4} 再加上第 {$5} '
        '项），由 SymPy 检验归纳步。',
    'Proof: No gaps': '证明：没有空隙',
    'If {$1} is {$2} consecutive integers and {$3}, the {$4} shifted copies {$5} overlap or touch (each starts at '
    'most one past the end of the previous: a linear certificate), so {$6} is consecutive too and every input in the '
    'span counts; by induction {$7}.':
        '若 {$1} 是 {$2} 个连续整数且 {$3}，则 {$4} 个平移副本 {$5} '
        '彼此重叠或相接（每一个的起点至多比前一个的终点多一：一个线性证书），因此 {$6} 也是连续的，'
        '跨度内的每个输入都起作用；由归纳得 {$7}。',
    'Proof: Dilations 1, 2, 4, ...': '证明：膨胀率 1、2、4、…',
    'With {$1} SymPy sums the span, checks {$2} (for {$3}: {$4}, each layer doubles the field and adds one) and that '
    '{$5} always holds.':
        '取 {$1} 时，SymPy 求出跨度，检验 {$2}（对 {$3}：{$4}，每增加一层，感受野翻倍再加一），并检验 {$5} 总是成立。',
    'Transposed convolution (stride {$1}, padding {$2}, dilation {$3}, output padding {$4}): insert {$5} zeros '
    'between the inputs, pad by {$6} before and {$7} after (crop where that is negative, {$8}), and correlate with '
    'stride 1 with the kernel flipped *and dilated by* {$9} (stated on one axis).':
        '转置卷积（步幅 {$1}，填充 {$2}，膨胀 {$3}，输出填充 {$4}）：在输入之间插入 {$5} 个零，前端填充 '
        '{$6}、末端填充 {$7}（为负时改为裁剪，即 {$8}），再以步幅 1 与翻转*并按* {$9} '
        '*膨胀*的卷积核做互相关（在一个轴上陈述）。',
    'Transposed convolution is the product with the transpose of the convolution matrix {$1} (the forward '
    'convolution on {$2} inputs), when its input has as many entries as {$3} has rows and its output padding makes '
    '{$4} outputs (stated on one axis).':
        '当转置卷积的输入元素个数等于 {$3} 的行数、且其输出填充使输出恰为 {$4} 个时，转置卷积就是与卷积矩阵 '
        '{$1}（作用于 {$2} 个输入的正向卷积）的转置相乘（在一个轴上陈述）。',
    'Condition: the input has as many entries as the forward convolution has outputs (output padding below the '
    'stride).':
        '条件：输入的元素个数等于正向卷积的输出个数（输出填充小于步幅）。',
    'Away from the borders, an output of a transposed convolution (stride {$1}, {$2} taps, no dilation) whose '
    'position has residue {$3} receives {$4} taps: the same number for every output exactly when {$5} divides {$6}, '
    'a checkerboard otherwise.':
        '远离边界处，转置卷积（步幅 {$1}，{$2} 个抽头，不膨胀）中位置余数为 {$3} 的输出接收 {$4} 个抽头：当且仅当 '
        '{$5} 整除 {$6} 时每个输出接收的抽头数相同，否则呈棋盘格。',
    'Condition: no dilation ({$1}).': '条件：不膨胀（{$1}）。',
    'Method: counting the taps by a change of index ({$1}) and the facts of a floor, each inequality by a linear '
    'certificate.':
        '方法：通过下标变换（{$1}）和向下取整的性质对抽头计数，每个不等式都由线性证书给出。',
    'Proof: Taps reaching an output': '证明：到达一个输出的抽头',
    "Away from the borders, output {$1} receives tap {$2} from input {$3} when that is a whole number (symconv's "
    'transposed index rule); with {$4} that is every tap {$5}, {$6}.':
        '远离边界处，当 {$3} 是整数时，输出 {$1} 从该输入接收抽头 {$2}（symconv 的转置下标规则）；在 {$4} 时，'
        '这就是所有满足 {$5} 的抽头，其中 {$6}。',
    'Proof: Change of index': '证明：下标变换',
    'The taps {$1} in {$2} are {$3} for the {$4} with {$5}; with {$6} these are exactly {$7} (both inclusions by '
    'linear certificates over the integers), so there are {$8}.':
        '{$2} 中满足 {$1} 的抽头是 {$3}，其中 {$4} 满足 {$5}；记 {$6}，这些恰好是 '
        '{$7}（两个方向的包含关系都由整数上的线性证书给出），因此共有 {$8} 个。',
    'Proof: Uniform when {$1} divides {$2}': '证明：{$1} 整除 {$2} 时处处相同',
    'With {$1}: {$2} for every residue {$3}, so every output receives {$4} taps; otherwise {$5} gets one more than '
    '{$6} (a checkerboard).':
        '当 {$1} 时：对每个余数 {$3} 都有 {$2}，因此每个输出都接收 {$4} 个抽头；否则 {$5} 比 {$6} '
        '多得一个（形成棋盘格）。',
    'Deformable convolution with zero offsets and a mask of ones is ordinary convolution (any stride, padding and '
    'dilation).':
        '偏移量为零且掩码全为 1 的可变形卷积就是普通卷积（任意步幅、填充和膨胀）。',
    'Condition: zero offsets.': '条件：偏移量为零。',
    'Condition: a mask of ones (v1, or v2 unmodulated).': '条件：掩码全为 1（v1，或不做调制的 v2）。',
    'Method: the bilinear kernel at integer positions is a Kronecker {$1}; then canonical forms compared after a '
    'change of summation index checked by SymPy.':
        '方法：双线性核在整数位置上是 Kronecker {$1}；然后在一个由 SymPy 检验的求和下标变换之后比较规范形式。',
    'Proof: Integer positions': '证明：整数位置',
    'Under the conditions every sampling position is an integer (SymPy), and the bilinear kernel {$1} is 1 at 0 and '
    '0 at every other integer (SymPy, case by case): the sum over the grid keeps the one pixel at the position.':
        '在这些条件下，每个采样位置都是整数（SymPy 验证），而双线性核 {$1} 在 0 处为 1、在其余整数处为 0（SymPy '
        '逐种情形验证）：对网格的求和只留下该位置上的那一个像素。',
    'A constant integer offset {$1} (mask of ones) samples whole pixels: the result is the ordinary convolution of '
    'the input moved back, {$2} (zero outside the input).':
        '常数整数偏移 {$1}（掩码全为 1）采样的是整像素：结果等于对反向移动后的输入 {$2}（输入之外为零）做普通卷积。',
    'Condition: the offsets are one pair of integers for every tap and position.':
        '条件：对每个抽头和每个位置，偏移量都是同一对整数。',
    'Bilinear sampling (how deformable convolution reads between pixels) is exact for every bilinear function {$1} '
    'and its four weights sum to 1.':
        '双线性采样（可变形卷积在像素之间读取的方式）对每个双线性函数 {$1} 都是精确的，它的四个权重之和为 1。',
    'Method: SymPy expansion with symbolic coefficients, corner and fractional position.':
        '方法：用 SymPy 展开，系数、角点和小数位置都取符号。',
    'Proof: The four corners': '证明：四个角点',
    "Bilinear sampling at {$1} weighs the four surrounding pixels by {$2}, {$3}, {$4} and {$5} (symconv's "
    '`bilinear_form`).':
        '在 {$1} 处做双线性采样时，周围四个像素的权重分别是 {$2}、{$3}、{$4} 和 {$5}（symconv 的 `bilinear_form`）。',
    'Proof: Exact for bilinear functions': '证明：对双线性函数精确',
    'Expanded by SymPy, the form minus {$1} is 0 for every coefficient and position.':
        '由 SymPy 展开后，对任意系数和位置，该式减去 {$1} 都为 0。',
    'Proof: A partition of unity': '证明：单位分解',
    'The four weights sum to 1 (SymPy).': '四个权重之和为 1（SymPy 验证）。',
    'Average pooling is a per-channel convolution with the constant kernel {$1} ({$2} cells in the window) and the '
    'same stride, padding and dilation, when padding cells are counted and the output size is rounded down (stated '
    'on one axis).':
        '当填充单元计入除数、且输出尺寸向下取整时，平均池化是逐通道的卷积：卷积核是常数 {$1}（窗口内有 {$2} '
        '个单元），步幅、填充和膨胀都与池化相同（在一个轴上陈述）。',
    "Condition: padding cells count in the divisor (`count_include_pad=True`, PyTorch's default).":
        '条件：填充单元计入除数（`count_include_pad=True`，PyTorch 的默认值）。',
    'Condition: the output size is rounded down (`ceil_mode=False`).': '条件：输出尺寸向下取整（`ceil_mode=False`）。',
    'Max pooling: output {$1} is the maximum of the inputs {$2}, {$3}, that lie inside the input (the padding, {$4}, '
    'never wins), for every output of the floor or the ceil rule (stated on one axis).':
        '最大池化：输出 {$1} 是落在输入之内的那些输入 {$2}（{$3}）的最大值（填充值 {$4} 永远不会被选中），'
        '对按向下取整或向上取整规则得到的每个输出都成立（在一个轴上陈述）。',
    'Pooling with the whole map as its window (kernel {$1}, no padding, any stride) has one output per channel: the '
    'mean (average pooling) or the maximum (max pooling) of the channel.':
        '以整个特征图为窗口的池化（核为 {$1}，没有填充，任意步幅）每个通道只有一个输出：'
        '该通道的均值（平均池化）或最大值（最大池化）。',
    'Condition: the window is the whole map.': '条件：窗口是整个特征图。',
    'Proof: Left side (1)': '证明：左边（1）',
    'Proof: Right side (1)': '证明：右边（1）',
    'Proof: Change of summation index (1)': '证明：求和下标变换（1）',
    'Proof: Left side (2)': '证明：左边（2）',
    'Proof: Right side (2)': '证明：右边（2）',
    'Proof: Change of summation index (2)': '证明：求和下标变换（2）',
    '3-D convolution (input {$1}; weight {$2}) is a sum over the depth taps {$3} of 2-D convolutions of the depth '
    "slice {$4} (a zero slice in the padding) with the kernel's slice {$5}.":
        '三维卷积（输入 {$1}；权重 {$2}）是对深度方向各抽头 {$3} 求和，每一项是深度切片 '
        '{$4}（落在填充中时为零切片）与卷积核切片 {$5} 的二维卷积。',
    '1-D convolution (input {$1}; weight {$2}) is the first row of the 2-D convolution of the input seen as an image '
    'of height 1, with a kernel of height 1 and no padding along the height.':
        '一维卷积（输入 {$1}；权重 {$2}）是把输入看作高度为 1 的图像、用高度为 1 的卷积核且高度方向不填充时，'
        '二维卷积结果的第一行。',
    'Condition: the kernel has height 1.': '条件：卷积核的高度为 1。',
    'Condition: no padding along the height.': '条件：高度方向没有填充。',
    'A strided convolution is the stride-1 convolution with the same padding read every {$1} outputs (stated on one '
    'axis: the index rule acts on each axis alone).':
        '带步幅的卷积就是填充相同、步幅为 1 的卷积每隔 {$1} 个输出取一个（在一个轴上陈述：下标规则在各轴上独立作用）。',
    'Condition: the padding is the same number of cells in both layers (not "same", whose pads depend on the stride).':
        '条件：两层的填充单元数相同（不能用 same，它的填充量取决于步幅）。',
    'True convolution of finite sequences (full mode) is commutative: {$1}.':
        '有限序列的严格意义上的卷积（full 模式）满足交换律：{$1}。',
    'True convolution is associative, {$1}; and correlating with {$2} then with {$3} (valid mode) is one correlation '
    'with the composed kernel {$4} (for every index {$5} of the result).':
        '严格意义上的卷积满足结合律，{$1}；先与 {$2}、再与 {$3} 做互相关（valid 模式），等于用复合卷积核 {$4} '
        '做一次互相关（对结果的每个下标 {$5}）。',
    'Cross-correlation (what CNNs compute) is true convolution with the kernel flipped on every axis, {$1}: its '
    'valid part, which starts at index {$2} of the full convolution on each axis.':
        '互相关（CNN 实际计算的运算）就是与沿每个轴翻转后的卷积核 {$1} 做严格意义上的卷积：取其 valid 部分，'
        '即在每个轴上从完整卷积的下标 {$2} 开始的部分。',
    'With circular padding a convolution of stride {$1} commutes with the translations by a multiple of {$2}: '
    'shifting the input by {$3} moves the output by {$4}; the output repeats with period {$5} (stride 1: every '
    'translation).':
        '使用循环填充时，步幅为 {$1} 的卷积与平移量为 {$2} 的倍数的平移可交换：把输入平移 {$3}，输出平移 {$4}；'
        '输出以 {$5} 为周期重复（步幅为 1 时对任意平移都成立）。',
    'Condition: the shift is a multiple of the stride ({$1}).': '条件：平移量是步幅的倍数（{$1}）。',
    'Condition: the stride divides the input size ({$1}).': '条件：步幅整除输入尺寸（{$1}）。',
    'With zero padding {$1} (stride 1, dilation {$2}, span {$3}), shifting the input by {$4} with zeros filling in '
    'shifts the output by {$5} exactly where the window of output {$6} stays inside the input on the side the shift '
    'empties: {$7} for {$8}, {$9} for {$10}.':
        '使用零填充 {$1}（步幅为 1，膨胀为 {$2}，跨度为 {$3}）时，把输入平移 {$4} 并用零补位，'
        '输出恰好在这样的位置上平移 {$5}：输出 {$6} 的窗口在被平移空出的那一侧仍留在输入之内——{$8} 时为 {$7}，{$10} '
        '时为 {$9}。',
    'Condition: for {$1}: {$2}.': '条件：当 {$1} 时，{$2}。',
    'Method: two cases ({$1}, {$2}), each by canonical forms compared after a change of summation index checked by '
    'SymPy.':
        '方法：分两种情形（{$1}，{$2}），每种情形都在一个由 SymPy 检验的求和下标变换之后比较规范形式。',
    'Proof: Definitions, case {$1}': '证明：定义，情形 {$1}',
    'Proof: Left side, case {$1}': '证明：左边，情形 {$1}',
    'Proof: Right side, case {$1}': '证明：右边，情形 {$1}',
    'Proof: Change of summation index, case {$1}': '证明：求和下标变换，情形 {$1}',
    'With circular padding (stride 1) the convolution is a circulant matrix, diagonalised by the DFT: the DFT of the '
    'output is {$1} with eigenvalues {$2}.':
        '使用循环填充（步幅为 1）时，卷积是一个循环矩阵，被离散傅里叶变换（DFT）对角化：输出的 DFT 是 {$1}，特征值为 '
        '{$2}。',
    'Method: SymPy sum manipulations: an exchange of finite sums, a change of summation index and a sum of a '
    'periodic sequence over one full period.':
        '方法：用 SymPy 做求和变形：交换有限和的次序、求和下标变换，以及周期序列在一个完整周期上的求和。',
    'Proof: The DFT of the output': '证明：输出的离散傅里叶变换',
    'With circular padding, {$1} with {$2} repeating with period {$3}; {$4} and {$5} are their DFTs, {$6}.':
        '使用循环填充时，{$1}，其中 {$2} 以 {$3} 为周期重复；{$4} 和 {$5} 是它们的 DFT，{$6}。',
    'Proof: Exchange the sums': '证明：交换求和次序',
    'Both sums are finite (SymPy reorders them and moves the constants in and out).':
        '两个求和都是有限和（由 SymPy 交换次序，并把常数移入或移出求和号）。',
    "{$1} in the inner sum (SymPy's `change_index`), and {$2}.":
        '在内层求和中令 {$1}（SymPy 的 `change_index`），并且 {$2}。',
    'Proof: One full period': '证明：一个完整周期',
    'The summand {$1} repeats with period {$2} in {$3} (SymPy: {$4} for an integer {$5}), so its sum over any {$6} '
    'consecutive {$7} is the same.':
        '被加项 {$1} 关于 {$3} 以 {$2} 为周期重复（SymPy 验证：对整数 {$5} 有 {$4}），因此它在任意 {$6} 个连续的 '
        '{$7} 上的和都相同。',
    'Proof: Diagonal': '证明：对角化',
    'The DFT of the output is the DFT of the input times {$1}: the circulant matrix of the convolution is {$2} '
    '(SymPy factors the sum).':
        '输出的 DFT 等于输入的 DFT 乘以 {$1}：卷积的循环矩阵为 {$2}（由 SymPy 对求和做因式提取）。',
    '{$1} is the transposed convolution of {$2} with the same weight, stride, padding and dilation and the output '
    'padding {$3} that gives back {$4} entries (the product {$5}).':
        '{$1} 是 {$2} 与同一个权重的转置卷积，步幅、填充和膨胀都相同，输出填充 {$3} 使结果恢复为 {$4} 个元素（即乘积 '
        '{$5}）。',
    'Method: SymPy differentiation, then canonical forms compared after a change of summation index checked by SymPy.':
        '方法：用 SymPy 求导，然后在一个由 SymPy 检验的求和下标变换之后比较规范形式。',
    'Proof: Differentiate': '证明：求导',
    'To first order {$1}; SymPy differentiates inside the finite sums (the derivative of one entry by another is a '
    'Kronecker {$2}).':
        '在一阶近似下 {$1}；SymPy 在有限和内部求导（一个元素对另一个元素的导数是 Kronecker {$2}）。',
    '{$1} is the cross-correlation of the input with {$2} (stride and dilation trade places: stride {$3}, dilation '
    '{$4}, padding {$5}), its first {$6} outputs.':
        '{$1} 是输入与 {$2} 的互相关（步幅与膨胀互换角色：步幅为 {$3}，膨胀为 {$4}，填充为 {$5}）的前 {$6} 个输出。',
    '{$1} is {$2} summed over the batch and every position.': '{$1} 是 {$2} 在整个批量和所有位置上的总和。',
    'Method: SymPy differentiation, then canonical forms compared.': '方法：用 SymPy 求导，然后比较规范形式。',
    'To first order {$1}; SymPy differentiates by {$2} inside the sums.':
        '在一阶近似下 {$1}；SymPy 在求和号内部对 {$2} 求导。',
    # statements fixed on the pages (issue 11): equivariance, receptive fields, pooling, transposed, separable,
    # deformable, fully connected to convolution, padding-stride-dilation
    'With a stride {$1} only the shifts by a multiple of {$2} commute with the convolution, and they move the output '
    'by {$3} (the statement above): at stride 2 a shift by one gives no shifted copy of the output.':
        '步幅为 {$1} 时，只有平移量为 {$2} 的倍数的平移与卷积可交换，并使输出平移 {$3}（见上面的命题）：步幅为 2 '
        '时平移一格得不到输出的平移副本。',
    'A shift to the left is the mirror image: zeros come in on the right, and output {$1} equals output {$2} only '
    'where its window stays clear of the left padding, {$3}; with {$4}, {$5}, {$6} and {$7}, output 0 reads a '
    'padding cell where output 2 reads {$8}.':
        '向左平移是镜像情形：零从右端补入，输出 {$1} 只有在其窗口避开左侧填充处（{$3}）才等于输出 {$2}；取 '
        '{$4}、{$5}、{$6} 和 {$7} 时，输出 0 读到的是一个填充单元，而输出 2 读到的是 {$8}。',
    "The sums count the taps from 1, as the notes do; the arrays of the example below are indexed from 0, as NumPy's "
    'are.':
        '求和式像笔记一样从 1 开始数抽头；下面例子中的数组像 NumPy 一样从 0 开始编号。',
    'The receptive field of a unit is the region of the input it depends on, through all the layers below (seed note '
    "002, 6.2); its size is the region's *span*, from the first input the unit reads to the last (Araujo et al.). "
    'With kernels of width 3 a unit two layers up depends on three units of the layer below, which together depend '
    'on five inputs: deep units interact indirectly with most of the input (seed note 000).':
        '一个单元的感受野是它经由下面所有层所依赖的输入区域（笔记 002，6.2 节）；感受野的大小是这个区域的*跨度*，'
        '即从该单元读取的第一个输入到最后一个输入（Araujo 等）。卷积核宽度为 3 时，'
        '往上两层的一个单元依赖下一层的三个单元，而它们合起来依赖五个输入：深层单元与大部分输入发生间接交互（笔记 '
        '000）。',
    'Span and inputs that count': '跨度与起作用的输入',
    'The closed form gives the span. Where a dilation leaves gaps between the taps, or a stride is larger than the '
    'kernel, fewer inputs than the span affect the unit: two 3-tap layers with dilation 2 span 9 inputs but read '
    'only 5 of them. Both numbers, the span from the closed form and from the connectivity graph, and the inputs the '
    'graph reaches:':
        '闭式给出的是跨度。当膨胀在抽头之间留下空隙，或步幅大于卷积核时，影响该单元的输入少于跨度：两个膨胀为 2 的 3 '
        '抽头层跨越 9 个输入，却只读取其中 5 个。下表给出两个数：由闭式和由连接图得到的跨度，'
        '以及连接图实际到达的输入个数：',
    'layers (kernel, stride, padding, dilation)': '各层（卷积核，步幅，填充，膨胀）',
    'span, closed form': '跨度（闭式）',
    'span, graph': '跨度（连接图）',
    'inputs that count': '起作用的输入',
    'With dilations 1, 2, 4, ... and 3-tap layers the span goes 3, 7, 15: each layer doubles it and adds one, '
    '{step}, with three weights per layer, and every input in the span counts.':
        '膨胀率为 1、2、4、… 的 3 抽头层使跨度依次为 3、7、15：每增加一层，跨度翻倍再加一，即 {step}；'
        '每层只有三个权重，并且跨度内的每个输入都起作用。',
    'It is one when the padding cells count in the divisor (`count_include_pad=True`) and the size is rounded down: '
    'with `count_include_pad=False` a window at the border divides by fewer cells, and `ceil_mode` may add a last '
    'window that reaches past the padding; neither is a convolution.':
        '当填充单元计入除数（`count_include_pad=True`）且尺寸向下取整时，它才是卷积：若 `count_include_pad=False`，'
        '边界处的窗口除以较少的单元数；`ceil_mode` 则可能添加一个越过填充的最后窗口；这两种情形都不是卷积。',
    'That is at stride 1. With a stride {$1} each row is the one above moved {$2} columns, so the matrix is constant '
    'along lines of slope {$3}, not along its diagonals: it keeps every {$4}-th row of the Toeplitz matrix of stride '
    '1.':
        '这只在步幅为 1 时成立。步幅为 {$1} 时，每一行是上一行右移 {$2} 列，因此矩阵沿斜率为 {$3} 的直线保持不变，'
        '而不是沿对角线：它保留了步幅为 1 的 Toeplitz 矩阵中每隔 {$4} 行的一行。',
    'With a dilation {$1} the flipped kernel is dilated by {$2} too; a pad {$3} below zero ({$4}) crops the stuffed '
    'input instead, and an output padding adds its cells at the end.':
        '有膨胀 {$1} 时，翻转后的卷积核也要按 {$2} 膨胀；填充量 {$3} 小于零（{$4}）时改为裁剪插零后的输入，'
        '输出填充则在末端添加单元。',
    'Per channel and on a large input: each pass filters one channel, as in the column-then-row filtering of an '
    'image; passes that also mix channels cost more.':
        '这是对每个通道、在大尺寸输入上而言：每次扫描只滤波一个通道，就像先按列再按行对图像滤波；'
        '同时混合通道的扫描代价更高。',
    'Only with nothing between the stages: the nonlinearity MobileNets put after the depthwise stage makes the pair '
    'more than one convolution. With a depth multiplier {$1} each factored kernel is a sum over the {$2} filters of '
    'its channel.':
        '前提是两个阶段之间没有任何运算：MobileNets 在深度卷积之后加入的非线性使这一对运算不再是一个卷积。'
        '深度倍增因子为 {$1} 时，每个分解后的卷积核是其通道的 {$2} 个滤波器之和。',
    'The spatially separable passes here mix channels (64 to 64, then 64 to 128), so they cost half the full layer, '
    'not the per-channel ratio of two 1-D passes.':
        '这里的空间可分离扫描同时混合通道（64 到 64，再 64 到 128），所以代价是完整层的一半，'
        '而不是两次一维扫描的逐通道比值。',
    'Modulation (v2)': '调制（v2）',
    'Deformable ConvNets v2 also multiply each sample by a modulation scalar {m}, predicted like the offsets ({C} '
    'more channels, through a sigmoid, so between 0 and 1): a tap can also be turned down. '
    '`symconv.numeric.deform_conv2d` takes these as its mask; a mask of ones is v1.':
        'Deformable ConvNets v2 还把每个采样值乘以一个调制标量 {m}，它像偏移量一样被预测出来（再多 {C} 个通道，经过 '
        'sigmoid，因此介于 0 和 1 之间）：一个抽头也可以被调弱。`symconv.numeric.deform_conv2d` 把它们作为 mask '
        '参数；全为 1 的 mask 就是 v1。',
    'The notes call this principle translation invariance; what it gives is equivariance: shifting {X} shifts {h} '
    'the same way (the page equivariance proves where), rather than leaving it unchanged.':
        '笔记把这条原则称为平移不变性；它实际带来的是等变性：平移 {X} 会使 {h} '
        '作同样的平移（等变性一页证明了在哪些位置成立），而不是让它保持不变。',
    'That count holds for {delta_fits}: an axis of {n} positions has only {offsets} offsets, so taps beyond {last} '
    'never meet an input and a wider kernel only adds weights that do nothing.':
        '这个计数在 {delta_fits} 时成立：有 {n} 个位置的轴上只有 {offsets} 个偏移量，超过 {last} '
        '的抽头永远碰不到输入，更宽的卷积核只会增加不起作用的权重。',
    '{P_photo} counts another layer than {P_fc}: the photograph flattened into a hidden layer of {units} units, not '
    "{units} channels of the image's size.":
        '{P_photo} 计数的是与 {P_fc} 不同的层：把照片展平后接到有 {units} 个单元的隐藏层，而不是 {units} '
        '个与图像同尺寸的通道。',
    'That needs the same padding in both: `padding="same"` chooses its pads from the stride, so on 4 inputs with a '
    '3-tap kernel the stride-2 layer is not the stride-1 layer read every other output.':
        '这要求两者的填充相同：`padding="same"` 根据步幅选择填充量，所以对 4 个输入、3 抽头的卷积核，步幅为 2 '
        '的层并不是步幅为 1 的层每隔一个输出取一个。',
    'symconv: convolution derived from first principles': 'symconv：从第一性原理推导卷积',
    'Every derivation symconv writes, one section each. Each formula is printed by SymPy from the '
    'objects symconv computes, and each page was checked before it was written.':
        'symconv 写出的全部推导，每篇一节。每个公式都由 SymPy 从 symconv 计算出的对象打印而来，'
        '每一页在写出之前都经过了检验。',
    # symconv draw --lang zh: the graphs' default panel titles (the seed notes' own words) and the figures' labels
    'sparse connectivity': '稀疏连接',
    'indirect interaction': '间接交互',
    'parameter sharing': '参数共享',
    'C: {rows} x {cols}, {nnz} stored entries': 'C：{rows} x {cols}，存储 {nnz} 个元素',
    'Cᵀ: {rows} x {cols}, {nnz} stored entries': 'Cᵀ：{rows} x {cols}，存储 {nnz} 个元素',
    'transposed': '转置卷积',
    'input {size}': '输入 {size}',
    'kernel {size}': '卷积核 {size}',
    'stride {size}': '步幅 {size}',
    'padding {padding}': '填充 {padding}',
    'dilation {size}': '膨胀率 {size}',
    'tap ({name})': '抽头 ({name})',
    'column: input position': '列：输入位置',
    'row: output position': '行：输出位置',
    'input': '输入',
    'layer {n}': '第 {n} 层',
    '{size} (stride {stride})': '{size}（步幅 {stride}）',
    'input position': '输入位置',
    'input position (first axis)': '输入位置（第一个轴）',
    'receptive field of the middle unit of each layer': '每一层中间单元的感受野',
    'receptive field of unit 0 of each layer': '每一层第 0 个单元的感受野',
    # symconv draw animation --lang zh: the frame title's first word ('conv' is above); the guide's i k s p d a -> o
    # after it stay as they are
    'transposed conv': '转置卷积',
    # symconv.plots.animate (numeric frames, strips, the matrix view) and symconv.plots.explorer
    'of conv  {notation}': '即卷积  {notation}  的转置',
    'step {step}/{count}': '第 {step}/{count} 步',
    'max pooling': '最大池化',
    'average pooling': '平均池化',
    'row {index} of C': 'C 的第 {index} 行',
    'column {index} of C = row {index} of Cᵀ': 'C 的第 {index} 列 = Cᵀ 的第 {index} 行',
    # symconv derive: the pages for a user's own layer (make(input=..., kernel=...) in symconv/pages/*.py)
    'Shape arithmetic of your transposed convolution': '你的转置卷积的形状算术',
    "The convolution-arithmetic guide's output sizes, worked for your numbers in its notation. This page is derived "
    'for {layer}.':
        '卷积算术指南中的输出尺寸，用你的数字、以指南的记号逐一算出。本页针对 {layer} 推导。',
    'The output size of your layer': '你的层的输出尺寸',
    "The geometry's one formula for a transposed convolution, with your numbers in the places of the guide's "
    'letters: {i_t} is its input size, {k} the kernel size, {s} the stride, {p} the padding, {d} the dilation, {a} '
    'the output padding and {o_t} its output size, along each axis.':
        '几何给出的转置卷积的唯一公式，把你的数字代入指南的字母：沿每个轴，{i_t} 是它的输入尺寸，{k} 是卷积'
        '核尺寸，{s} 是步幅，{p} 是填充，{d} 是膨胀率，{a} 是输出填充，{o_t} 是它的输出尺寸。',
    'axis': '轴',
    'Your transposed convolution along its first axis, built as the guide builds it: {n} inputs with the inserted '
    'zeros and the padding dashed, {o_first} outputs; the middle output and the cells it reads are filled.':
        '你的转置卷积沿第一个轴，按指南的方式构造：{n} 个输入，插入的零和填充用虚线表示，{o_first} 个输'
        '出；中间的输出和它读取的单元被填充。',
    'your layer along its first axis': '你的层（沿第一个轴）',
    "The guide's relationships for transposed convolution": '指南中关于转置卷积的关系式',
    'A transposed convolution is associated with the direct convolution that maps an input of {i_eq} to {i_t}, with '
    "the same kernel, stride and padding; the guide's relationships 8 to 14 give {o_t} under their conditions, read "
    'at your numbers. They assume no dilation and the same padding on both sides.':
        '转置卷积与一个直接卷积相关联：后者以同样的卷积核、步幅和填充，把尺寸为 {i_eq} 的输入映射为 {i_t'
        '}；指南的关系式 8 到 14 在各自的条件下给出 {o_t}，这里按你的数字读取。它们假定没有膨胀，且两侧'
        '填充相同。',
    'title': '标题',
    "the guide's formula": '指南的公式',
    'with your numbers': '代入你的数字',
    'Shape arithmetic of your layer': '你的层的形状算术',
    "The geometry's one formula, with your numbers in the places of the guide's letters: {i} is the input size, {k} "
    'the kernel size, {s} the stride, {p} the zero padding on each side, {d} the dilation and {o} the output size, '
    'along each axis.':
        '几何给出的唯一公式，把你的数字代入指南的字母：沿每个轴，{i} 是输入尺寸，{k} 是卷积核尺寸，{s} 是'
        '步幅，{p} 是每一侧的零填充，{d} 是膨胀率，{o} 是输出尺寸。',
    "'same' padding (ONNX SAME_UPPER) pads each axis so that {same}, an odd extra cell going at the end.":
        'same 填充（ONNX 的 SAME_UPPER）对每个轴做填充，使得 {same}；奇数个的多余单元放在'
        '末端。',
    'Your layer along its first axis: {n} inputs with the padding dashed, {o_first} outputs; the middle output and '
    'the inputs it reads are filled.':
        '你的层沿第一个轴：{n} 个输入，填充用虚线表示，{o_first} 个输出；中间的输出和它读取的输入被填充'
        '。',
    "The guide's relationships that apply": '适用的指南关系式',
    'Each relationship of the guide holds under its conditions; these are the ones whose conditions your numbers '
    'meet, each giving the same output size. Relationships 1 to 6 assume no dilation, and all of them the same '
    'padding on both sides.':
        '指南的每个关系式在其条件下成立；这里列出你的数字满足其条件的那些关系式，它们给出相同的输出尺寸。关系式 1 '
        '到 6 假定没有膨胀，而所有关系式都假定两侧填充相同。',
    'Counting the windows': '数窗口',
    'The output size is the number of places the window fits: along the first axis a window spans {span} cells (the '
    'effective kernel), starts {s} cells after the previous one, and must end inside the padded input, which runs '
    'from cell {first} to cell {last}. Counted one by one, there are {count}.':
        '输出尺寸就是窗口能放下的位置数：沿第一个轴，一个窗口跨越 {span} 个单元（等效卷积核），每次比上一个窗'
        '口后移 {s} 个单元，并且必须在填充后的输入内结束，该输入从第 {first} 个单元延伸到第 {last'
        '} 个单元。逐一数来，共有 {count} 个。',
    'first cell': '第一个单元',
    'last cell': '最后一个单元',
    'Your padding differs between the two sides of an axis, so the formula adds {pb} and {pa} where the guide '
    "writes {two_p}; the guide's relationships, written for equal sides, do not apply on that axis.":
        '你的填充在某个轴的两侧不同，所以公式把 {pb} 和 {pa} 相加，而指南写作 {two_p}；指南的关系'
        '式针对两侧相同的情形，在那个轴上不适用。',
    'None of them applies to your layer; the general formula above does.': '它们都不适用于你的层；适用的是上面的一般公式。',
    'Padding, stride and dilation of your layer': '你的层的填充、步幅与膨胀',
    'What padding, stride and dilation do to the window and to the output size of your layer, each worked with its '
    'numbers. This page is derived for {layer}.':
        '填充、步幅和膨胀分别对你的层的窗口和输出尺寸做了什么，每一项都用它的数字算出。本页针对 {layer} 推导'
        '。',
    'Padding adds {pb} zeros before and {pa} after the input along each axis, so that the kernel can also be '
    'centred on the border cells and the border is not lost; the padded input has {padded} cells.':
        '沿每个轴，填充在输入之前加 {pb} 个零、之后加 {pa} 个零，使卷积核也能以边界单元为中心，边界不会丢'
        '失；填充后的输入有 {padded} 个单元。',
    'The stride {s} moves the window {s} cells at a time: the strided convolution is the stride-1 convolution with '
    'the same padding, which has {o1} outputs, read every {s} outputs.':
        '步幅 {s} 让窗口每次移动 {s} 个单元：带步幅的卷积就是填充相同、步幅为 1 的卷积（它有 {o1} '
        '个输出）每隔 {s} 个输出取一个。',
    "Dilation {d} spreads the kernel's taps {d} cells apart: the layer is an ordinary convolution with the "
    'zero-inserted kernel of effective size {k_hat}, written here along the first axis.':
        '膨胀率 {d} 让卷积核的抽头相隔 {d} 个单元：这一层就是用插入零后的卷积核做普通卷积，其等效尺寸为 {'
        'k_hat}，这里沿第一个轴写出。',
    'One formula of the geometry covers padding, stride and dilation together; the table gives every number along '
    'each axis, with {o1} the output size at stride 1.':
        '几何的同一个公式同时涵盖填充、步幅和膨胀；表中给出沿每个轴的所有数字，其中 {o1} 是步幅为 1 时的输出'
        '尺寸。',
    "'same' padding (ONNX SAME_UPPER) pads each axis just enough for {same}, an odd extra cell going at the end.":
        'same 填充（ONNX 的 SAME_UPPER）对每个轴只填充到恰好满足 {same}，奇数个的多余单元'
        '放在末端。',
    'The channels of your layer': '你的层的通道',
    'How your layer mixes its channels: the sum over input channels written out, the kernel tensor, and the counts, '
    'checked against the numeric convolution. This page is derived for {layer}.':
        '你的层如何混合通道：写出对输入通道的求和、卷积核张量和各项计数，并与数值卷积核对。本页针对 {layer} '
        '推导。',
    'Each of your {c_in} input channels has its own kernel; an output channel sums the cross-correlations over all '
    'of them. The last line writes out the first output of output channel 0: {n} products, one per input channel '
    'and tap that lands inside the input.':
        '你的 {c_in} 个输入通道各有自己的卷积核；一个输出通道把所有输入通道上的互相关结果相加。最后一行写出输'
        '出通道 0 的第一个输出：{n} 个乘积，每个落在输入内的（输入通道，抽头）对应一个。',
    'Your {c_out} output channels each have a kernel of {c_in} slices, so the kernel tensor has the shape below, in '
    "PyTorch's order: output channels, input channels, then the kernel's extents. With one bias per output channel "
    'the layer has {P} parameters, and on your input of size {size} it costs {M} multiply-accumulates.':
        '你的 {c_out} 个输出通道各有一个由 {c_in} 个切片组成的卷积核，所以卷积核张量的形状如下，按 '
        'PyTorch 的顺序：输出通道、输入通道，然后是卷积核的各个尺寸。每个输出通道再加一个偏置，这一层共有 {'
        'P} 个参数；在尺寸为 {size} 的输入上需要 {M} 次乘加。',
    'A 1x1 convolution with the same channels makes each output pixel a linear combination of the {c_in} values at '
    'the same pixel: a fully connected layer over the channels, applied at every position with shared weights. The '
    'table compares it with your layer.':
        '通道相同的 1x1 卷积使每个输出像素成为同一像素处 {c_in} 个值的线性组合：它是在每个位置上共享权重'
        '的、作用于通道的全连接层。表中把它与你的层作比较。',
    'your layer': '你的层',
    '1x1 convolution, same channels': '1x1 卷积，通道相同',
    'That output has too many products to write out here.': '这个输出的乘积太多，这里不逐项写出。',
    'Your pooling layer': '你的池化层',
    'Pooling summarises each window by its maximum or its mean. Every expression below is written out by symconv '
    'for your pooling layer and checked against the numeric pooling. This page is derived for {layer}.':
        '池化用窗口内的最大值或平均值来概括每个窗口。下面的每个表达式都由 symconv 针对你的池化层写出，并与数'
        '值池化核对。本页针对 {layer} 推导。',
    "The window slides like a convolution's, so the output size is the geometry's formula (relationship 7 of the "
    "guide when there is no padding); PyTorch's ceil_mode rounds up instead, keeping a last partial window as long "
    'as it starts inside the input or the left padding.':
        '窗口像卷积一样滑动，所以输出尺寸由几何的公式给出（没有填充时即指南的关系式 7）；PyTorch 的 cei'
        'l_mode 则向上取整，只要最后一个不完整的窗口从输入内部或左侧填充内开始，就保留它。',
    'On your layer the two differ: a last partial window counts only with ceil_mode.':
        '在你的层上两者不同：最后一个不完整的窗口只在 ceil_mode 下计入。',
    'Each output is the largest value of its window (padding never wins: PyTorch pads max pooling with minus '
    'infinity). Pooling has nothing to learn.':
        '每个输出是其窗口中的最大值（填充永远不会胜出：PyTorch 用负无穷填充最大池化）。池化没有要学习的参数。',
    "Average pooling is the per-channel convolution with the constant kernel {w} and the pooling's stride; zero "
    "padding counts in the mean, as PyTorch's count_include_pad does by default.":
        '平均池化就是对每个通道用常数卷积核 {w} 做卷积，步幅与池化相同；零填充计入平均值，这与 PyTorch '
        '默认的 count_include_pad 一致。',
    'Your layer has too many windows to write out; here is the first.': '你的层窗口太多，无法全部写出；这里给出第一个。',
    'The groups of your layer': '你的层的分组',
    'Group and depthwise-separable convolution give up some freedom of the kernel for fewer parameters and '
    'multiply-accumulates (seed note 003, sections 7-9); here for your layer, counted and checked. This page is '
    'derived for {layer}.':
        '分组卷积和深度可分离卷积放弃了卷积核的一部分自由度，换来更少的参数和乘加次数（笔记 003，第 7-9 节）'
        '；这里针对你的层计数并核对。本页针对 {layer} 推导。',
    'Your {c_in} input channels are split into {g} groups of {per_in}, and each group of {per_out} output channels '
    'sees only its own slice: every kernel has {per_in} input channels, so the parameters and multiply-accumulates '
    'of the full layer ({full}) are divided by {g}. {K} is the number of taps.':
        '你的 {c_in} 个输入通道被分成 {g} 组，每组 {per_in} 个；每组 {per_out} 个输'
        '出通道只看到自己那一部分：每个卷积核有 {per_in} 个输入通道，因此标准层的参数量和乘加次数（{ful'
        'l}）都除以 {g}。{K} 是抽头的个数。',
    'The same channels as a depthwise stage (one kernel per input channel) followed by a 1x1 stage that mixes them '
    "cost {ratio} of the full layer's multiply-accumulates: the ratio {r} below, counted by `symconv.counting` (no "
    'biases).':
        '同样的通道先经过深度卷积阶段（每个输入通道一个卷积核），再经过混合通道的 1x1 阶段，其乘加次数是标准层的'
        ' {ratio}：即下面的比值 {r}，由 `symconv.counting` 计数（不含偏置）。',
    'full convolution': '标准卷积',
    'your grouped convolution': '你的分组卷积',
    'depthwise (groups = input channels)': '深度卷积（groups = 输入通道数）',
    'With as many groups as input channels each channel is filtered alone: your layer is a depthwise convolution, '
    'with {mult} output channels per input channel.':
        '组数与输入通道数相同时，每个通道被单独滤波：你的层是深度卷积，每个输入通道对应 {mult} 个输出通道。',
    'Your transposed convolution, three ways': '你的转置卷积：三种推导',
    'A transposed convolution maps the output shape of a convolution back to its input shape. Yours is derived '
    'three ways, with your kernel as symbols: as the transpose of the convolution matrix, as a scatter, and as an '
    'ordinary convolution of the input with zeros inserted (the convolution-arithmetic guide, chapter 4). This page '
    'is derived for {layer}.':
        '转置卷积把卷积的输出形状映射回它的输入形状。你的转置卷积用三种方式推导，卷积核写成符号：作为卷积矩阵的转置、'
        '作为散射（scatter），以及作为对插零后的输入所做的普通卷积（卷积算术指南，第 4 章）。本页针对 {l'
        'ayer} 推导。',
    'The sizes of your transposed convolution': '你的转置卷积的尺寸',
    'Your transposed convolution takes {i_t} inputs to {o_t} outputs along each axis. It is associated with the '
    'direct convolution with the same kernel, stride, padding and dilation, which takes {o_t} cells back to {i_t}: '
    "the transposed convolution restores that convolution's input shape.":
        '沿每个轴，你的转置卷积把 {i_t} 个输入变为 {o_t} 个输出。它与卷积核、步幅、填充和膨胀都相同的直'
        '接卷积相关联，后者把 {o_t} 个单元变回 {i_t} 个：转置卷积恢复的是那个卷积的输入形状。',
    "The associated direct convolution is a matrix product {y_Cx} with your kernel's weights as symbols: {C} has "
    'one row per cell of its output ({rows}, your input) and one column per cell of its input ({cols}, your '
    'output), and row {r} holds the kernel where output {r} reads.':
        '相关联的直接卷积是一个矩阵乘积 {y_Cx}，你的卷积核权重写成符号：{C} 的每一行对应它输出的一个单元（'
        '{rows} 行，即你的输入），每一列对应它输入的一个单元（{cols} 列，即你的输出），第 {r} 行在'
        '输出 {r} 读取的位置放着卷积核。',
    'The pattern of {C}: each weight is marked by the number of its kernel tap (in print also by its colo'
    'ur), each zero by a dot or a blank; blocks are outlined where there is more than one axis.':
        '{C} 的模式：每个权重标出它所属卷积核抽头的编号（印刷版还用颜色区分），零用点或空白表示；有不止一个轴时，分块用线框出。',
    "{CT} maps a vector of your input's size to one of your output's size: that product is your transposed "
    'convolution. It restores the shape, not the values: it is no inverse of the convolution.':
        '{CT} 把一个与你的输入同样大小的向量映射为与你的输出同样大小的向量：这个乘积就是你的转置卷积。它恢复的是'
        '形状而不是数值：它不是卷积的逆。',
    'Read column by column, {CTy} scatters every input value, times the whole kernel, into the output: input {j} '
    'adds {wy} at position {pos}, and what lands in the padding is dropped. The scatter gives the same expressions '
    'as the matrix.':
        '按列来读，{CTy} 把每个输入值乘以整个卷积核后散射到输出中：输入 {j} 在位置 {pos} 处加上 {'
        'wy}，落在填充中的部分被丢弃。散射给出的表达式与矩阵相同。',
    'The guide builds the same result from a direct convolution: insert {gaps} zeros between the inputs, pad by '
    '{before} before and {after} after (a negative pad crops), and cross-correlate with the flipped kernel at '
    'stride 1.':
        '指南用一个直接卷积构造出同样的结果：在输入之间插入 {gaps} 个零，在前面填充 {before} 个、后'
        '面填充 {after} 个（负的填充表示裁剪），再用翻转后的卷积核以步幅 1 做互相关。',
    'The receptive fields of your stack': '你的网络层栈的感受野',
    'How much of the input one unit of your stack sees, layer after layer, computed in closed form (Araujo, Norris '
    'and Sim, Distill 2019) by `symconv.receptive_field` and checked against the connectivity graph and the product '
    'of the convolution matrices. This page is derived for {layer}.':
        '你的层栈中一个单元逐层能看到多少输入，由 `symconv.receptive_field` 以闭式计算（A'
        'raujo、Norris 和 Sim，Distill 2019），并与连接图以及卷积矩阵的乘积核对。本页针对'
        ' {layer} 推导。',
    'Your stack, layer by layer': '你的层栈，逐层',
    'The receptive field {r} of a unit after each layer (how many input cells it spans), the effective stride {S} '
    "(how far apart neighbouring units' fields start) and the effective padding {P} (how far the first field "
    'reaches before the input), from `symconv.receptive_field`; a pooling layer counts as a convolution with the '
    'same window.':
        '每一层之后一个单元的感受野 {r}（它跨越多少个输入单元）、有效步幅 {S}（相邻单元的感受野起点相隔多远）'
        '和有效填充 {P}（第一个感受野延伸到输入之前多远），由 `symconv.receptive_field`'
        ' 给出；池化层按窗口相同的卷积计算。',
    'Your stack along its first axis on {n} inputs: the middle unit of the last layer and every unit it depends on '
    'are filled.':
        '你的层栈沿第一个轴、在 {n} 个输入上：最后一层的中间单元以及它所依赖的所有单元被填充。',
    'your stack along its first axis': '你的层栈（沿第一个轴）',
    'Each layer {l} adds its effective kernel {k_hat} minus one, times the product of the strides below it; the '
    "effective stride is the product of the strides, and the effective padding adds each layer's padding before the "
    'input the same way (Araujo et al., Distill 2019). Along the first axis, unit {x} of the last layer sees the '
    'inputs {u} to {v}.':
        '每一层 {l} 贡献它的等效卷积核 {k_hat} 减一，再乘以它下面各层步幅的乘积；有效步幅是各层步幅的乘'
        '积，有效填充以同样方式累加每层在输入之前的填充（Araujo 等，Distill 2019）。沿第一个轴，最'
        '后一层的单元 {x} 看到从 {u} 到 {v} 的输入。',
    'No diagram is drawn: the first axis has {units} units and the stack {depth} layers, more than a page can show '
    '({limit} units, 8 layers).':
        '这里不画图：第一个轴有 {units} 个单元，层栈有 {depth} 层，超出了一页能显示的范围（{lim'
        'it} 个单元，8 层）。',
    'Counting the parameters of your layer': '你的层的参数计数',
    'Sparse interactions and parameter sharing are why a convolution needs so few parameters (seed note 000, after '
    'Goodfellow et al., section 9.2). The counts of your layer come from `symconv.counting` and are checked against '
    'the weight tensor, the numeric convolution and the convolution matrix. This page is derived for {layer}.':
        '稀疏交互和参数共享是卷积所需参数如此之少的原因（笔记 000，参照 Goodfellow 等，9.2 节）。'
        '你的层的各项计数来自 `symconv.counting`，并与权重张量、数值卷积和卷积矩阵核对。本页针对 '
        '{layer} 推导。',
    'A fully connected layer from your {n_in} input values to your {n_out} output values pays a weight for every '
    'pair, and a bias per output; your convolution pays one kernel per pair of connected channels ({K} taps each), '
    'and a bias per output channel, whatever the size of the input: {ratio} times fewer parameters.':
        '从你的 {n_in} 个输入值到 {n_out} 个输出值的全连接层，要为每一对付出一个权重，并为每个输出付'
        '出一个偏置；你的卷积只为每一对相连的通道付出一个卷积核（每个 {K} 个抽头），并为每个输出通道付出一个偏置'
        '，与输入大小无关：参数少了 {ratio} 倍。',
    'No diagram is drawn: the first axis has {units} units, more than the {limit} a line can show.':
        '这里不画图：第一个轴有 {units} 个单元，超出了一行能显示的 {limit} 个。',
    'Multiply-accumulates': '乘加次数',
    'Every output value sums one product per tap and input channel of its group: {M} multiply-accumulates, or '
    '{flops} floating-point operations (two per multiply-accumulate). {inside} of them are the nonzeros of the '
    'convolution matrix; the other {outside} read the padding. {K} is the number of taps, {I} and {O} the numbers '
    'of input and output cells of a channel.':
        '每个输出值对它所在组的每个抽头和每个输入通道各做一次乘积并求和：共 {M} 次乘加，即 {flops} 次浮'
        '点运算（每次乘加两次）。其中 {inside} 次对应卷积矩阵的非零元素；其余 {outside} 次读取的'
        '是填充。{K} 是抽头的个数，{I} 和 {O} 是一个通道的输入和输出单元数。',
    'FLOPs': '浮点运算次数',
    'fully connected, same sizes': '全连接，尺寸相同',
    'Your layer along its first axis, one channel each way: every edge of one kernel tap (bold) shares one weight; '
    'the fully connected layer spends a weight on each edge.':
        '你的层沿第一个轴，输入输出各一个通道：同一个卷积核抽头的所有边（粗线）共享一个权重；全连接层则为每条边付出一'
        '个权重。',
    'Every input value scatters through every tap to the output channels of its group: {M} multiply-accumulates, or '
    '{flops} floating-point operations (two per multiply-accumulate). {inside} of them are the nonzeros of the '
    'convolution matrix; the other {outside} land in the padding and are cropped. {K} is the number of taps, {I} '
    'and {O} the numbers of input and output cells of a channel.':
        '每个输入值经过每个抽头散射到它所在组的各个输出通道：共 {M} 次乘加，即 {flops} 次浮点运算（每次'
        '乘加两次）。其中 {inside} 次对应卷积矩阵的非零元素；其余 {outside} 次落在填充中而被裁掉'
        '。{K} 是抽头的个数，{I} 和 {O} 是一个通道的输入和输出单元数。',
    'The convolution matrix of your layer': '你的层的卷积矩阵',
    'A convolution is linear in its input, so it is a matrix: the convolution matrix, sparse and made of copies of '
    'the kernel (the convolution-arithmetic guide, section 4.1; seed note 001, 9.1). This page is derived for '
    '{layer}.':
        '卷积对其输入是线性的，因此它是一个矩阵：卷积矩阵，它是稀疏的，由卷积核的副本构成（卷积算术指南，4.1 节；'
        '笔记 001，9.1 节）。本页针对 {layer} 推导。',
    'The matrix': '矩阵',
    "Unrolled, your layer is a matrix product {y_Cx}, with the kernel's weights as symbols: {C} has one row per "
    'output cell ({rows}) and one column per input cell ({cols}), channel by channel and then row by row along each '
    "axis. Output {o} reads input {pos} through tap {t}, so the entry in its row and that input's column is the "
    'weight of tap {t}, and every other entry is zero.':
        '展开来看，你的层是一个矩阵乘积 {y_Cx}，卷积核的权重写成符号：{C} 的每一行对应一个输出单元（{ro'
        'ws} 行），每一列对应一个输入单元（{cols} 列），先按通道、再沿各轴逐行排列。输出 {o} 通过抽头'
        ' {t} 读取输入 {pos}，所以它所在行、该输入所在列的元素就是抽头 {t} 的权重，其余元素都是零。',
    'The pattern of {C}: each weight is marked by the number of its kernel tap (in print also by its colo'
    'ur), each zero by a dot or a blank; the lines separate the blocks between one row of the output and one row of the input.':
        '{C} 的模式：每个权重标出它所属卷积核抽头的编号（印刷版还用颜色区分），零用点或空白表示；线条把输出的一行与输入的一行之间的分块隔开。',
    'Blocks of rows: doubly-block Toeplitz': '按行分块：双重分块 Toeplitz',
    'Cut along the first axis, the matrix is a grid of blocks: the block between output row {r} and input row {c} '
    'is zero unless {c_rule} for a kernel row {a}, and then it is {B}, the matrix of kernel row {a} over the other '
    'axes. So there is one distinct block per kernel row, placed along diagonals: a block Toeplitz matrix of '
    'Toeplitz blocks (in 2-D, doubly-block Toeplitz).':
        '沿第一个轴切开，矩阵是一个分块网格：输出第 {r} 行与输入第 {c} 行之间的块为零，除非对某个卷积核行 '
        '{a} 有 {c_rule}，这时它是 {B}，即卷积核第 {a} 行在其余各轴上的矩阵。因此每个卷积核行只'
        '有一个不同的块，沿对角线排布：由 Toeplitz 块组成的分块 Toeplitz 矩阵（在二维中即双重分块'
        ' Toeplitz）。',
    'Sparsity': '稀疏性',
    'Of the {entries} entries only {nnz} are weights ({fraction} of the matrix): one per link between an output and '
    'an input cell through a tap, for each pair of connected channels ({pairs} of them). The multiply-accumulates '
    '`symconv.counting` counts ({macs}) also count the {padding} taps that fall on the padding, which have no entry '
    'in the matrix.':
        '在 {entries} 个元素中只有 {nnz} 个是权重（占矩阵的 {fraction}）：对每一对相连的'
        '通道（共 {pairs} 对），输出单元与输入单元之间每经过一个抽头的连接对应一个。`symconv.cou'
        'nting` 统计的乘加次数（{macs}）还计入了落在填充上的 {padding} 个抽头，它们在矩阵中没'
        '有对应的元素。',
    'rows': '行数',
    'columns': '列数',
    'entries': '元素数',
    'weights (nonzeros)': '权重（非零元素）',
    'taps on padding': '落在填充上的抽头',
    'The pattern of {C}: each weight is marked by the number of its kernel tap (in print also by its colo'
    'ur), each zero by a dot or a blank.':
        '{C} 的模式：每个权重标出它所属卷积核抽头的编号（印刷版还用颜色区分），零用点或空白表示。',
    'One band': '一条带',
    'In one dimension the matrix is a band: each row holds the kernel {s} columns to the right of the row above '
    '(for the transposed convolution, each column {s} rows below the column before), cut where it reaches into the '
    'padding. With stride 1 every diagonal is constant: a Toeplitz matrix.':
        '在一维中矩阵是一条带：每一行的卷积核比上一行右移 {s} 列（对转置卷积，每一列比前一列下移 {s} 行），'
        '伸入填充的部分被截去。步幅为 1 时每条对角线都是常数：一个 Toeplitz 矩阵。',
    'Blocks of channels': '通道分块',
    'With {c_in} input and {c_out} output channels, {C} is a grid of blocks, one per pair of an output channel '
    '(block row) and an input channel (block column); block {block} is the matrix of the kernel slice that joins '
    'them. With {g} groups a block is zero unless both channels are in the same group: each group of {per_out} '
    'output channels reads only its {per_in} input channels.':
        '有 {c_in} 个输入通道和 {c_out} 个输出通道时，{C} 是一个分块网格，每一对输出通道（块行）'
        '和输入通道（块列）对应一个块；块 {block} 是连接这两个通道的卷积核切片的矩阵。有 {g} 组时，除非'
        '两个通道在同一组，否则块为零：每组 {per_out} 个输出通道只读取本组的 {per_in} 个输入通道'
        '。',
    "Unrolled, your transposed convolution is a matrix product {y_Cx}, with the kernel's weights as symbols: {C} "
    'has one row per output cell ({rows}) and one column per input cell ({cols}), channel by channel and then row '
    'by row along each axis. It is the transpose of the matrix of the convolution with the same geometry: input {j} '
    'scatters to output {pos} through tap {t}.':
        '展开来看，你的转置卷积是一个矩阵乘积 {y_Cx}，卷积核的权重写成符号：{C} 的每一行对应一个输出单元（'
        '{rows} 行），每一列对应一个输入单元（{cols} 列），先按通道、再沿各轴逐行排列。它是几何相同的卷'
        '积的矩阵的转置：输入 {j} 通过抽头 {t} 散射到输出 {pos}。',

    # the identities of padding modes (symconv/symbolic/catalogue/padding.py)
    'circular-conv-commutes-with-circular-shift':
        '循环填充的卷积与循环平移可交换（`circular-conv-commutes-with-circular-shift`）',
    'circular-conv-dft-eigenvectors': '离散傅里叶变换的向量是循环卷积的特征向量（`circular-conv-dft-eigenvectors`）',
    'replicate-keeps-constants': '复制填充保持常数信号（`replicate-keeps-constants`）',
    'With circular padding (stride 1, pads adding up to {$1}) shifting the input circularly by any {$2} shifts the '
    'output circularly by {$3}: {$4} for every output {$5}, proved with the remainder for symbolic {$6}, {$7}, {$8}, '
    '{$9} and {$10}.':
        '采用循环填充（步幅为 1，两侧填充之和为 {$1}）时，把输入循环平移任意 {$2}，输出也循环平移 {$3}：对每个输出 {$5} 都有 '
        '{$4}；借助余数对符号 {$6}、{$7}、{$8}、{$9} 和 {$10} 给出证明。',
    "Condition: the padding is circular (`padding_mode='circular'`).": "条件：填充是循环填充（`padding_mode='circular'`）。",
    'Condition: stride 1.': '条件：步幅为 1。',
    'Condition: the pads add up to {$1} (the output is as long as the input).': '条件：两侧填充之和为 {$1}（输出与输入一样长）。',
    'Method: SymPy algebra of remainders: the Piecewise read collapsed by the conditions, the law {$1}, and the reads '
    'compared tap by tap.':
        '方法：SymPy 的余数代数：条件使分段（Piecewise）读取化为一支，利用规律 {$1}，再逐个抽头比较读取位置。',
    "Source: seed 003, section 4 (equivariant representations); PyTorch padding_mode='circular'.":
        "出处：种子笔记 003 第 4 节（等变表示）；PyTorch padding_mode='circular'。",
    "The convolution reads the padded input at {$1}; with circular padding position {$2} holds {$3}, with zero "
    "padding {$4} inside the input and 0 outside. {$5} is the input shifted circularly by {$6} (NumPy's `roll`).":
        '卷积在 {$1} 处读取填充后的输入；循环填充时位置 {$2} 存放 {$3}，零填充时在输入之内存放 {$4}、在输入之外为 0。'
        '{$5} 是把输入循环平移 {$6} 的结果（NumPy 的 `roll`）。',
    'Proof: Circular padding copies a cell': '证明：循环填充复制一个单元',
    "With `padding_mode='circular'` every padded position copies the input cell {$1} (`pad_source`).":
        "在 `padding_mode='circular'` 下，每个填充位置都复制输入单元 {$1}（`pad_source`）。",
    'Proof: The output has n cells': '证明：输出有 n 个单元',
    "At stride 1 with pads adding up to {$1} the output is as long as the input, so shifting it circularly by {$2} "
    "is the same shift as the input's.":
        '步幅为 1 且两侧填充之和为 {$1} 时，输出与输入一样长，所以把输出循环平移 {$2} 与输入的平移是同一个平移。',
    'Proof: The remainder law': '证明：余数的规律',
    'For integers {$1} and {$2}: {$3}, and adding a multiple of {$4} to an integer keeps its remainder (SymPy checks '
    'both).':
        '对整数 {$1} 和 {$2}：{$3}；给整数加上 {$4} 的倍数不改变它的余数（两者均由 SymPy 验证）。',
    'Proof: Tap by tap': '证明：逐个抽头',
    'The tap {$1} of {$2} reads {$3} at {$4}, the tap {$5} of {$6} at {$7}; by the remainder law both are {$8}, so '
    'every term of the two sums is the same.':
        '{$2} 的抽头 {$1} 在 {$4} 处读取 {$3}，{$6} 的抽头 {$5} 在 {$7} 处读取；由余数的规律，两者都是 {$8}，'
        '所以两个和式的每一项都相同。',
    'Proof: The shifted index is an output': '证明：平移后的下标是一个输出',
    '{$1} lies in {$2} (SymPy).': '{$1} 落在 {$2} 内（SymPy）。',
    "With circular padding (stride 1) the DFT's vector {$1}, {$2}, is an eigenvector of the convolution for every "
    "integer frequency {$3}, with eigenvalue {$4}: the DFT matrix {$5} makes {$6} diagonal, so circular convolution "
    "is a pointwise product in frequency.":
        '采用循环填充（步幅为 1）时，对每个整数频率 {$3}，离散傅里叶变换的向量 {$1}（{$2}）都是卷积的特征向量，特征值为 '
        '{$4}：离散傅里叶变换矩阵 {$5} 使 {$6} 成为对角矩阵，所以循环卷积在频域中是逐点乘积。',
    'Condition: the frequency {$1} is an integer.': '条件：频率 {$1} 是整数。',
    'Method: SymPy algebra of exponentials: the circular read written with the floor of the remainder, {$1} for '
    'integers {$2} and {$3}, and the constant factored out of the sum over taps.':
        '方法：SymPy 的指数代数：把循环读取用余数的下取整写出，对整数 {$2} 和 {$3} 有 {$1}，再把常数从对抽头的求和中提出。',
    'Source: Gray, Toeplitz and Circulant Matrices; seed 003, section 4.':
        '出处：Gray，《Toeplitz and Circulant Matrices》；种子笔记 003 第 4 节。',
    "{$1} is the DFT's vector of frequency {$2}; {$3} is the convolution of {$4} (stride 1, dilation {$5}, {$6} cells "
    "of padding before), its tap {$7} at output {$8} reading the padded position {$9}.":
        '{$1} 是频率为 {$2} 的离散傅里叶变换向量；{$3} 是 {$4} 的卷积（步幅为 1，空洞为 {$5}，前侧填充 {$6} 个单元），'
        '它在输出 {$8} 处的抽头 {$7} 读取填充后的位置 {$9}。',
    "With `padding_mode='circular'` the padded position {$1} holds {$2}.":
        "在 `padding_mode='circular'` 下，填充后的位置 {$1} 存放 {$2}。",
    'Proof: Write the remainder with its floor': '证明：用下取整写出余数',
    '{$1}, and exponents add (SymPy).': '{$1}，且指数相加（SymPy）。',
    'Proof: A whole number of turns': '证明：整数圈',
    '{$1}, and SymPy simplifies {$2} to 1 because {$3} and {$4} are integers; so {$5}: the circular read of {$6} is '
    'the plain power.':
        '{$1}；因为 {$3} 和 {$4} 都是整数，SymPy 把 {$2} 化简为 1；所以 {$5}：对 {$6} 的循环读取就是普通的幂。',
    'Proof: Factor the eigenvalue': '证明：提出特征值',
    '{$1}, and {$2} does not depend on the tap: SymPy factors it out of the sum, leaving {$3}.':
        '{$1}，且 {$2} 与抽头无关：SymPy 把它从和式中提出，剩下 {$3}。',
    'With replicate padding a constant input {$1} gives the constant output {$2} everywhere, the border included, '
    'for every stride, dilation and padding: no output sees a zero.':
        '采用复制填充时，常数输入 {$1} 在每个位置（包括边界）都给出常数输出 {$2}，对任意步幅、空洞和填充都成立：'
        '没有哪个输出读到零。',
    "Condition: the padding replicates the border (`padding_mode='replicate'`).":
        "条件：填充复制边界单元（`padding_mode='replicate'`）。",
    'Method: SymPy case analysis of the clamp: the Piecewise read collapsed by the condition, every branch of the '
    'clamp inside the input, and the constant factored out of the sum.':
        '方法：SymPy 对截断（clamp）分情况讨论：条件使分段读取化为一支，截断的每一支都落在输入之内，再把常数从和式中提出。',
    "Source: PyTorch padding_mode='replicate'.": "出处：PyTorch padding_mode='replicate'。",
    'The convolution (stride {$1}, dilation {$2}, {$3} cells of padding before) of an input that is {$4} in every '
    'cell; with replicate padding a position past the border holds the border cell.':
        '每个单元都为 {$4} 的输入的卷积（步幅 {$1}，空洞 {$2}，前侧填充 {$3} 个单元）；复制填充时，越过边界的位置存放'
        '边界单元。',
    'Proof: Replicate padding copies a cell': '证明：复制填充复制一个单元',
    "With `padding_mode='replicate'` the padded position {$1} holds the input cell nearest to it, its index clamped "
    "to {$2} (`pad_source`).":
        "在 `padding_mode='replicate'` 下，填充后的位置 {$1} 存放离它最近的输入单元，其下标被截断到 {$2}（`pad_source`）。",
    'Proof: Every read is c': '证明：每次读取都是 c',
    'Each branch of the clamp lies in {$1} ({$2} and {$3} as {$4}, and {$5} where neither bound is passed), so every '
    'tap reads a cell of the input, which is {$6}; SymPy factors {$7} out of the sum.':
        '截断的每一支都落在 {$1} 内（由于 {$4}，{$2} 和 {$3} 都在其中；{$5} 只在两个边界都未越过时取到），所以每个抽头都读取'
        '输入的一个单元，其值为 {$6}；SymPy 把 {$7} 从和式中提出。',

    # the page padding-modes (symconv/pages/padding_modes.py)
    'Padding modes': '填充模式',
    "What PyTorch's four padding modes (`zeros`, `reflect`, `replicate`, `circular`) put in the padding, causal "
    "padding for sequences, and what the choice changes: the convolution matrix, its diagonalisation by the DFT when "
    "the padding is circular, and equivariance to translation, exact on a circle and broken at the border with zeros. "
    "The identities are proved for symbolic sizes in the catalogue; every number is checked against NumPy's `np.pad`.":
        'PyTorch 的四种填充模式（`zeros`、`reflect`、`replicate`、`circular`）在填充区放入什么，序列的因果填充，以及这一选择'
        '改变了什么：卷积矩阵、循环填充时它被离散傅里叶变换对角化，以及平移等变性——在圆周上精确成立，零填充时在边界处被'
        '破坏。恒等式在恒等式目录中对符号尺寸给出证明；每个数字都与 NumPy 的 `np.pad` 核对过。',
    'What each mode puts in the padding': '每种模式在填充区放入什么',
    "Padding makes room for the window at the border; PyTorch's `padding_mode` says what fills that room. Number the "
    "padded axis from the first input cell, so that the padding before the input has positions {q} below 0 and the "
    "padding after it positions above {last}. `zeros` puts 0 there; the other three copy the input cell {source} "
    "given below: `reflect` mirrors about the border cell (without repeating it), `replicate` repeats the border "
    "cell, `circular` wraps around, as if the input were on a circle. The table shows each mode on {n_4} inputs with "
    "3 cells of padding on each side.":
        '填充为边界处的窗口留出位置；PyTorch 的 `padding_mode` 规定用什么填满它。从第一个输入单元开始给填充后的轴编号，'
        '于是输入之前的填充位置 {q} 小于 0，输入之后的填充位置大于 {last}。`zeros` 在那里放 0；其余三种复制下面给出的输入'
        '单元 {source}：`reflect` 以边界单元为轴作镜像（不重复边界单元），`replicate` 重复边界单元，`circular` 绕回到'
        '另一端，仿佛输入排在一个圆周上。表中给出每种模式在 {n_4} 个输入、两侧各填充 3 个单元时的情形。',
    'PyTorch refuses pads a mode cannot fill, and symconv refuses the same: `reflect` needs each pad smaller than the '
    'input (a mirror about the border cell has {$1} cells to show), `circular` at most the input (one wrap). '
    '`symconv._layout.pad_source` is the one rule every part of symconv reads.':
        'PyTorch 拒绝某种模式无法填满的填充，symconv 也拒绝同样的填充：`reflect` 要求每侧填充小于输入长度（以边界单元为轴'
        '的镜像只有 {$1} 个单元可映），`circular` 要求至多等于输入长度（只绕回一次）。`symconv._layout.pad_source` 是 '
        'symconv 各部分共同读取的唯一规则。',
    'Causal padding (1-D)': '因果填充（一维）',
    'For sequences, `padding="causal"` puts all {span} cells of padding before the input and none after, so output '
    '{t} reads the inputs {first} to {t}: never a later one, as a model that predicts the next value must. The output '
    'is as long as the input.':
        '对序列，`padding="causal"` 把全部 {span} 个填充单元放在输入之前、之后不放，于是输出 {t} 读取输入 {first} 到 {t}：'
        '从不读取更晚的输入，这正是预测下一个值的模型所必需的。输出与输入一样长。',
    'Tap {$1} reads input {$2} because {$3}; the last tap reads input {$4} itself. symconv takes `padding="causal"` '
    'on one axis only.':
        '因为 {$3}，抽头 {$1} 读取输入 {$2}；最后一个抽头读取输入 {$4} 本身。symconv 只在一个轴上接受 `padding="causal"`。',
    'A worked example': '一个算例',
    'The input {x} with the kernel {w}, one cell of padding on each side, in the four modes: the padded input and the '
    'output `symconv.numeric.conv(x, w, padding=1, padding_mode=...)` gives. The three interior outputs are the same '
    'in every mode; only the two that read the padding differ.':
        '输入 {x}、卷积核 {w}，两侧各填充一个单元，分别采用四种模式：表中给出填充后的输入以及 '
        '`symconv.numeric.conv(x, w, padding=1, padding_mode=...)` 给出的输出。中间三个输出在每种模式下都相同；只有读到'
        '填充的两个输出不同。',
    'Each row is checked against NumPy: `np.pad` with the mode NumPy calls `constant`, `reflect`, `edge` or `wrap`, '
    'then a valid correlation.':
        '每一行都与 NumPy 核对过：先用 `np.pad`（NumPy 把这些模式称为 `constant`、`reflect`、`edge`、`wrap`）填充，再做 '
        'valid 模式的互相关。',
    'mode': '模式',
    'padded input': '填充后的输入',
    'Replicate padding keeps a constant': '复制填充保持常数',
    'A constant input stays constant under replicate padding, border included: on {input} the kernel {w} gives '
    '{replicate} with `replicate` but {zeros} with `zeros`, where the border outputs read zeros.':
        '在复制填充下，常数输入的输出仍是常数，边界也不例外：对 {input}，卷积核 {w} 在 `replicate` 下给出 {replicate}，'
        '在 `zeros` 下却给出 {zeros}，因为边界处的输出读到了零。',
    'The convolution matrix in each mode': '每种模式下的卷积矩阵',
    'With zero padding the matrix of the example is a band (Toeplitz): a tap that reads the padding multiplies zero and '
    'is dropped. A copying mode adds that tap onto the column of the cell it copies '
    '(`symconv.conv_matrix(..., padding_mode=...)`): `reflect` folds {w0} onto column 1 of the first row, `replicate` '
    'onto column 0, and `circular` moves it to the far end, column {last}.':
        '零填充时，算例的矩阵是带状的（Toeplitz 矩阵）：读到填充的抽头乘以零，被丢掉。复制型的模式把这个抽头加到它所复制的'
        '单元那一列上（`symconv.conv_matrix(..., padding_mode=...)`）：`reflect` 把 {w0} 折叠到第一行的第 1 列，'
        '`replicate` 折叠到第 0 列，`circular` 则把它移到另一端的第 {last} 列。',
    'With circular padding, stride 1 and pads adding up to {$1} every row is the row above moved one column to the '
    'right, wrapping around: the matrix is circulant.':
        '采用循环填充、步幅为 1 且两侧填充之和为 {$1} 时，每一行都是上一行向右循环移动一列：这个矩阵是循环矩阵。',
    'The DFT diagonalises circular convolution': '离散傅里叶变换对角化循环卷积',
    "A circulant matrix has the DFT's vectors {v} as eigenvectors, {omega}: reading {v_name} circularly from position "
    "{i} only multiplies it by {power}, the key step being {turn} for integers. For the example ({p} cell before the "
    "input) the eigenvalue is {lam}, so the DFT matrix {F} makes {C} diagonal and circular convolution is a pointwise "
    "product in frequency: the DFT of the output is {lam} times the DFT of the input.":
        '循环矩阵以离散傅里叶变换的向量 {v} 为特征向量，其中 {omega}：从位置 {i} 起循环读取 {v_name}，只是把它乘以 '
        '{power}，关键的一步是对整数有 {turn}。对本例（输入之前填充 {p} 个单元），特征值为 {lam}，所以离散傅里叶变换矩阵 '
        '{F} 使 {C} 成为对角矩阵，循环卷积在频域中是逐点乘积：输出的离散傅里叶变换等于 {lam} 乘以输入的离散傅里叶变换。',
    "With zero padding the band matrix is not circulant and the DFT's vectors are not its eigenvectors: the "
    "catalogue's counterexample takes zero padding and finds {$1}.":
        '零填充时，带状矩阵不是循环矩阵，离散傅里叶变换的向量也不是它的特征向量：恒等式目录中的反例取零填充，得到 {$1}。',
    'Equivariance: exact on a circle, broken at the border': '等变性：在圆周上精确成立，在边界处被破坏',
    'Shift the input {x} circularly by one and correlate with {w} (one cell of padding each side). With circular '
    'padding the output is the old output shifted by one, at every position; with zero padding outputs {broken} '
    'differ: near the border one side reads a zero of the padding where the other reads the cell the shift wrapped '
    'around.':
        '把输入 {x} 循环平移一格，再与 {w} 作互相关（两侧各填充一个单元）。采用循环填充时，输出在每个位置上都是原输出平移'
        '一格；采用零填充时，输出 {broken} 不同：在边界附近，一边读到填充的零，另一边读到平移时绕回来的单元。',
    "At stride 2 a shift by one cell is no shift of the output in either mode: the identity's condition {$1} (the "
    "catalogue's counterexample: {$2}, {$3}, {$4}, {$5}).":
        '步幅为 2 时，在两种模式下平移一格都不会使输出平移：这就是该恒等式的条件 {$1}（恒等式目录中的反例：{$2}，{$3}，'
        '{$4}，{$5}）。',
    'zeros: conv(shift x)': '零填充：conv(shift x)',
    'zeros: shift(conv x)': '零填充：shift(conv x)',
    'circular: conv(shift x)': '循环填充：conv(shift x)',
    'circular: shift(conv x)': '循环填充：shift(conv x)',
}
