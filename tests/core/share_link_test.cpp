// Share links: a model survives the round trip; damaged or foreign links are errors, not crashes.
#include <gtest/gtest.h>

#include "core/keras_code.h"
#include "core/model_json.h"
#include "core/presets.h"
#include "core/share_link.h"

using namespace learnable;

TEST(share_link, round_trips_every_preset) {
  for (const Preset& p : presets()) {
    Model m = import_keras_code(preset_code(p.id)).model;
    std::string fragment = encode_share_fragment(m);
    EXPECT_EQ(fragment.rfind("m=1.", 0), 0u);
    EXPECT_EQ(fragment.find_first_of("#&?/+= "), 1u) << "only '=' after m";
    ImportResult back = decode_share_fragment("#" + fragment);
    EXPECT_TRUE(back.errors.empty()) << p.id;
    EXPECT_EQ(model_to_json(back.model), model_to_json(m)) << p.id;
  }
}

TEST(share_link, bad_links_say_why) {
  EXPECT_NE(decode_share_fragment("#x=1.abc").errors.at(0).message.find("does not hold a model"), std::string::npos);
  EXPECT_NE(decode_share_fragment("#m=abc").errors.at(0).message.find("no version"), std::string::npos);
  EXPECT_NE(decode_share_fragment("#m=9.abc").errors.at(0).message.find("version 9"), std::string::npos);
  EXPECT_NE(decode_share_fragment("#m=1.a$b").errors.at(0).message.find("damaged"), std::string::npos);
  EXPECT_FALSE(decode_share_fragment("#m=1.AAAA").errors.empty());
  EXPECT_FALSE(decode_share_fragment("").errors.empty());
}
