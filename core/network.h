#pragma once

// The shared network of a Tiny Recursion Model, its forward pass with and
// without a tape, and its backward pass. Internal to the core: included by
// trmmodel.cpp and trainer.cpp only.
//
// Conventions: a batch is B rows; every state is a B x D column-major matrix;
// weights act on the right (h W). E = expansion * D.

#include "trmmodel.h"

#include <Eigen/Core>

#include <vector>

namespace trm::detail {

template<typename S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
template<typename S>
using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;

inline constexpr double rmsEpsilon = 1e-5;

/// What the backward pass needs from one block: its pre-activations
/// [a | b] = h W_gateUp (B x 2E), sigmoid(a) (B x E), the SwiGLU output
/// s = silu(a) * b (B x E) and the inverse RMS of its pre-norm sum (B).
template<typename S>
struct BlockTape
{
    Mat<S> gateUp;
    Mat<S> sigmoid;
    Mat<S> swiglu;
    Vec<S> invRms;
};

/// One application of the network, recorded: states[l] is block l's input,
/// states[L] the network's output.
template<typename S>
struct NetTape
{
    std::vector<Mat<S>> states;
    std::vector<BlockTape<S>> blocks;
};

/// Buffers reused across calls so that the hot loop does not allocate.
template<typename S>
struct Scratch
{
    Mat<S> gateUp, swiglu, next;   // forward without tape
    Vec<S> invRms, rowDot;
    Mat<S> du, dSwiglu, dGateUp;   // backward
};

/// rmsnorm in place over rows: u <- u / sqrt(mean(u^2) + eps); returns 1/rms in `invRms`.
template<typename S>
inline void rmsNormalise(Mat<S> &u, Vec<S> &invRms)
{
    const S width = S(u.cols());
    invRms = (u.rowwise().squaredNorm().array() / width + S(rmsEpsilon)).rsqrt();
    u.array().colwise() *= invRms.array();
}

/// One residual SwiGLU block without tape:
///   out = rmsnorm(in + (silu(in W_gate) * (in W_up)) W_down)
/// `in` and `out` must be different matrices. When `branchNorm` is given it
/// receives the row norms of the residual branch before the norm.
template<typename S>
void blockForward(const typename TrmWeights<S>::Block &w, const Mat<S> &in, Mat<S> &out,
                  Scratch<S> &scratch, Vec<S> *branchNorm = nullptr)
{
    const Eigen::Index inner = w.down.rows();
    scratch.gateUp.noalias() = in * w.gateUp;  // B x 2E
    const auto a = scratch.gateUp.leftCols(inner).array();
    const auto b = scratch.gateUp.rightCols(inner).array();
    scratch.swiglu = a / (S(1) + (-a).exp()) * b;  // silu(a) * b
    if (branchNorm) {
        out.noalias() = scratch.swiglu * w.down;
        *branchNorm = out.rowwise().norm();
        out += in;
    } else {
        out = in;
        out.noalias() += scratch.swiglu * w.down;  // B x D, pre-norm sum
    }
    rmsNormalise(out, scratch.invRms);
}

/// The whole network in place: h <- net(h).
template<typename S>
void netForward(const TrmWeights<S> &weights, Mat<S> &h, Scratch<S> &scratch,
                Vec<S> *branchNorm = nullptr)
{
    const std::size_t layers = weights.blocks.size();
    for (std::size_t l = 0; l < layers; ++l) {
        blockForward<S>(weights.blocks[l], h, scratch.next, scratch,
                        l + 1 == layers ? branchNorm : nullptr);
        h.swap(scratch.next);
    }
}

/// The network on tape.states[0], recording everything the backward pass needs.
template<typename S>
void netForwardTaped(const TrmWeights<S> &weights, NetTape<S> &tape)
{
    const std::size_t layers = weights.blocks.size();
    tape.states.resize(layers + 1);
    tape.blocks.resize(layers);
    for (std::size_t l = 0; l < layers; ++l) {
        const auto &w = weights.blocks[l];
        BlockTape<S> &t = tape.blocks[l];
        const Mat<S> &in = tape.states[l];
        Mat<S> &out = tape.states[l + 1];
        const Eigen::Index inner = w.down.rows();
        t.gateUp.noalias() = in * w.gateUp;
        const auto a = t.gateUp.leftCols(inner).array();
        const auto b = t.gateUp.rightCols(inner).array();
        t.sigmoid = (S(1) + (-a).exp()).inverse();
        t.swiglu = a * t.sigmoid.array() * b;
        out = in;
        out.noalias() += t.swiglu * w.down;
        rmsNormalise(out, t.invRms);
    }
}

/// Backward through one taped application. On entry `g` is dL/d(output)
/// (B x D); on return it is dL/d(input). Weight gradients are added to `grad`.
///
/// Per block, from the output back (h = output, r = inverse RMS):
///   du      = r * (g - h * rowmean(g * h))          rmsnorm without gain
///   dW_down += s^T du,  ds = du W_down^T
///   da      = ds * b * sig(a) * (1 + a (1 - sig(a))),  db = ds * silu(a)
///   dW_gu   += in^T [da | db]
///   g       = du + [da | db] W_gu^T                  residual plus branch
template<typename S>
void netBackward(const TrmWeights<S> &weights, const NetTape<S> &tape, Mat<S> &g,
                 TrmWeights<S> &grad, Scratch<S> &scratch)
{
    for (std::size_t l = weights.blocks.size(); l-- > 0;) {
        const auto &w = weights.blocks[l];
        const BlockTape<S> &t = tape.blocks[l];
        const Mat<S> &in = tape.states[l];
        const Mat<S> &out = tape.states[l + 1];
        const Eigen::Index inner = w.down.rows();
        const S width = S(out.cols());

        scratch.rowDot = (g.array() * out.array()).rowwise().sum() / width;
        scratch.du = (g.array() - out.array().colwise() * scratch.rowDot.array()).colwise()
                     * t.invRms.array();

        grad.blocks[l].down.noalias() += t.swiglu.transpose() * scratch.du;
        scratch.dSwiglu.noalias() = scratch.du * w.down.transpose();

        const auto a = t.gateUp.leftCols(inner).array();
        const auto b = t.gateUp.rightCols(inner).array();
        const auto sig = t.sigmoid.array();
        const auto ds = scratch.dSwiglu.array();
        scratch.dGateUp.resize(in.rows(), 2 * inner);
        scratch.dGateUp.leftCols(inner) = ds * b * sig * (S(1) + a * (S(1) - sig));
        scratch.dGateUp.rightCols(inner) = ds * a * sig;

        grad.blocks[l].gateUp.noalias() += in.transpose() * scratch.dGateUp;
        g = scratch.du;
        g.noalias() += scratch.dGateUp * w.gateUp.transpose();
    }
}

/// Row-wise softmax of B x K logits.
template<typename S>
Mat<S> softmaxRows(const Mat<S> &logits)
{
    Mat<S> p = logits.colwise() - logits.rowwise().maxCoeff();
    p = p.array().exp();
    p.array().colwise() /= p.rowwise().sum().array();
    return p;
}

/// Broadcast a 1 x D row to B rows.
template<typename S>
Mat<S> broadcastRow(const Mat<S> &row, Eigen::Index rows)
{
    return row.replicate(rows, 1);
}

} // namespace trm::detail
